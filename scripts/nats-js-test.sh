#!/usr/bin/env bash
# kv-spring-data's build runs this before its tests, so that the nats.js interoperability test
# (KvForeignClientIntegrationTests) finds the official NATS JavaScript client installed:
#   scripts/nats-js-test.sh prepare <js-source-dir> <work-dir>
# copies the client's package.json, package-lock.json and script from <js-source-dir> into <work-dir> and installs the
# locked packages there with npm ci (from npm's cache when it has them, so that an offline build still installs them
# once they were fetched). It skips npm ci when <work-dir> already holds the packages of this lock file. When node or
# npm is missing, or npm ci fails, it says so in one line (the test then skips, naming the reason, or fails on CI)
# and writes the reason to <work-dir>/install.txt. Never fails the build.
set -euo pipefail
mode="$1"
source_dir="$2"
work="$3"
note="$work/install.txt"
# A copy of the lock file the packages in node_modules were installed from.
installed="$work/node_modules/.kv-spring-package-lock.json"

has() {
  local found
  found="$(command -v "$1" 2> /dev/null)" && [ -x "$found" ]
}

prepare() {
  mkdir -p "$work"
  : > "$note"
  cp "$source_dir/package.json" "$source_dir/package-lock.json" "$source_dir"/*.mjs "$work/"
  if [ -f "$installed" ] && cmp -s "$installed" "$work/package-lock.json"; then
    return
  fi
  local why=""
  if ! has node || ! has npm; then
    why="node or npm is not on the PATH: install Node.js 18 or newer with npm (scripts/install-node.sh does, on Debian)"
  elif ! (cd "$work" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) > "$work/install.log" 2>&1; then
    why="npm ci failed (no network and not in npm's cache? see $work/install.log)"
  else
    cp "$work/package-lock.json" "$installed"
  fi
  if [ -n "$why" ]; then
    echo "[kv-spring] The nats.js interoperability test cannot run: $why"
    echo "$why" > "$note"
  fi
}

case "$mode" in
  prepare) prepare ;;
  *) echo "usage: $0 prepare <js-source-dir> <work-dir>" >&2; exit 2 ;;
esac

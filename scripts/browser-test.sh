#!/usr/bin/env bash
# The sample's build runs this around its tests, so that the browser test never goes missing without a word:
#   scripts/browser-test.sh prepare <target-dir> [<skip-install>]   before the tests: when Debian's chromium or
#       chromium-driver is missing, installs both (scripts/install-browser.sh) if this is a Debian machine where we
#       may install packages (root, or sudo without a password) and <skip-install> is not true; otherwise says in
#       one line why not. Never fails the build.
#   scripts/browser-test.sh report <target-dir>    at the end of the build: if the browser test was skipped in this
#       run, says so in one line, with the reason.
# KV_SPRING_CHROMIUM and KV_SPRING_CHROMEDRIVER name another browser and driver (the test uses them); nothing is
# installed then.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
mode="$1"
target="$2"
skip_install="${3:-false}"
# Written by prepare: why the browser could not be installed (empty when it is there); its time marks the run.
note="$target/browser-test/install.txt"
report="$target/surefire-reports/TEST-io.github.kvspring.samples.flags.FeatureFlagsBrowserTests.xml"

prepare() {
  mkdir -p "$(dirname "$note")"
  : > "$note"
  local chromium="${KV_SPRING_CHROMIUM:-/usr/bin/chromium}" driver="${KV_SPRING_CHROMEDRIVER:-/usr/bin/chromedriver}"
  if [ -x "$chromium" ] && [ -x "$driver" ]; then
    return
  fi
  local why="" apt
  if [ "$skip_install" = "true" ]; then
    why="installing them is turned off (-Dkvspring.browser.install.skip): run scripts/install-browser.sh"
  elif [ -n "${KV_SPRING_CHROMIUM:-}${KV_SPRING_CHROMEDRIVER:-}" ]; then
    why="KV_SPRING_CHROMIUM or KV_SPRING_CHROMEDRIVER names a file that is not there, so nothing was installed"
  elif ! apt="$(command -v apt-get 2> /dev/null)" || ! [ -x "$apt" ]; then
    why="this is not a Debian machine (no apt-get): install Chromium and its chromedriver, and point"
    why="$why KV_SPRING_CHROMIUM and KV_SPRING_CHROMEDRIVER at them"
  elif [ "$(id -u)" -ne 0 ] && ! sudo -n true > /dev/null 2>&1; then
    why="installing them needs root, and sudo asks for a password: run sudo scripts/install-browser.sh"
  else
    echo "[kv-spring] Installing Debian's chromium and chromium-driver for the sample's browser test" \
      "(scripts/install-browser.sh; its output: $target/browser-test/install.log)"
    if ! "$scripts/install-browser.sh" > "$target/browser-test/install.log" 2>&1; then
      why="scripts/install-browser.sh failed (no network? see $target/browser-test/install.log)"
    elif ! [ -x "$chromium" ] || ! [ -x "$driver" ]; then
      why="scripts/install-browser.sh ran, but $chromium or $driver is still missing"
    fi
  fi
  if [ -n "$why" ]; then
    echo "[kv-spring] The sample's browser test cannot run: $why"
    echo "$why" > "$note"
  fi
}

report() {
  # Only a report written after prepare ran, that is by this build's tests, counts.
  if ! [ -f "$report" ] || ! [ -f "$note" ] || ! [ "$report" -nt "$note" ]; then
    return
  fi
  local skipped
  skipped="$(grep -o '<skipped message="[^"]*"' "$report" | head -n 1 | sed -e 's/^<skipped message="//' \
    -e 's/"$//' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' || true)"
  if [ -z "$skipped" ]; then
    if ! grep -q '<skipped' "$report"; then
      return
    fi
    skipped="skipped (see $report)"
  fi
  local why
  why="$(cat "$note")"
  echo "[kv-spring] WARNING: the sample's browser test did not run: $skipped${why:+, and the build did not install it: $why}"
}

case "$mode" in
  prepare) prepare ;;
  report) report ;;
  *) echo "usage: $0 prepare|report <target-dir>" >&2; exit 2 ;;
esac

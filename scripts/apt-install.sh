#!/usr/bin/env bash
# Installs Debian packages (as root, or with sudo) unless the given command is already there:
#   scripts/apt-install.sh <command-to-check> <package>...
set -euo pipefail
check="$1"
shift
# (Bash's command -v also names a file that is not executable; that one does not count.)
if found="$(command -v "$check" 2> /dev/null)" && [ -x "$found" ]; then
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd="sudo"
fi
$sudo_cmd apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "$@"

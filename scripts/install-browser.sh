#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the sample's browser test (as root, or with sudo).
# The test drives /usr/bin/chromium through /usr/bin/chromedriver; no browser is ever downloaded by a test tool.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd="sudo"
fi
$sudo_cmd apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium chromium-driver

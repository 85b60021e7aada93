#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the sample's browser test (as root, or with sudo).
# The test drives /usr/bin/chromium through /usr/bin/chromedriver; no browser is ever downloaded by a test tool.
# (chromium-driver depends on chromium, so its chromedriver being there means both are.)
set -euo pipefail
"$(dirname "$0")/apt-install.sh" chromedriver chromium chromium-driver

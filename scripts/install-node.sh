#!/usr/bin/env bash
# Installs Debian's nodejs and npm for the nats.js interoperability test (as root, or with sudo), unless npm is there.
# The test runs the official NATS JavaScript client with node; the build installs its locked packages with npm ci.
# (Debian's npm depends on nodejs, so npm being there means both are.)
set -euo pipefail
"$(dirname "$0")/apt-install.sh" npm nodejs npm

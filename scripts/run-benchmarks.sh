#!/usr/bin/env bash
# Runs every benchmark and writes the figures under docs/: the side-by-side table and chart (benchmarks.md/.png),
# a million entities in a 256 MiB heap, receiving again after a server restart, and the start-up cost; last,
# writes them into README.md's benchmark-figures block (ReadmeFigures).
# Installs Debian's redis-server first (as root, or with sudo); the benchmarks start their own nats-server and
# redis-server on 127.0.0.1 and stop them when done. A system redis service the package may start is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install.sh redis-server redis-server
mvn -q install -DskipTests
mvn -q -pl benchmarks exec:java
mvn -q -pl benchmarks exec:exec@stream-memory
mvn -q -pl benchmarks exec:exec@resume
mvn -q -pl benchmarks exec:exec@startup
mvn -q -pl benchmarks exec:java@readme

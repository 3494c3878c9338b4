#!/usr/bin/env bash
# The test suite: installs what is missing, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
scripts/setup-litert.sh
scripts/setup-prometheus.sh
swift build --build-tests
swift test --skip-build "$@"

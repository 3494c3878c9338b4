#!/usr/bin/env bash
# The main job: installs what is missing, builds in release mode and runs the
# multi-scale pipeline on the built-in dataset. Extra arguments go to `triscale demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
swift build -c release --product triscale
exec .build/release/triscale demo "$@"

#!/usr/bin/env bash
# Creates .venv-litert/ at the repository root with a pinned LiteRT (the
# TensorFlow Lite runtime) used by the TFLite export tests. Idempotent.
set -euo pipefail
exec "$(dirname "$0")/pinned-venv.sh" setup-litert .venv-litert ai-edge-litert 2.3.0 \
  "from ai_edge_litert.interpreter import Interpreter"

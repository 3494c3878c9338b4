#!/usr/bin/env bash
# Creates .venv-litert/ at the repository root with a pinned LiteRT (the
# TensorFlow Lite runtime) used by the TFLite export tests. Idempotent: does
# nothing when the venv already holds the pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."

LITERT_VERSION="2.3.0"
NUMPY_VERSION="2.2.6"
VENV=".venv-litert"
PY="$VENV/bin/python"

installed_versions() {
  "$PY" - <<'PY' 2>/dev/null
from importlib.metadata import version
print(version("ai-edge-litert"), version("numpy"))
PY
}

if [[ -x "$PY" ]] && [[ "$(installed_versions || true)" == "$LITERT_VERSION $NUMPY_VERSION" ]]; then
  echo "setup-litert: $VENV has ai-edge-litert $LITERT_VERSION, numpy $NUMPY_VERSION"
  exit 0
fi

echo "setup-litert: creating $VENV (ai-edge-litert $LITERT_VERSION, numpy $NUMPY_VERSION)"
python3 -m venv "$VENV"
"$PY" -m pip install --quiet --disable-pip-version-check \
  "ai-edge-litert==$LITERT_VERSION" "numpy==$NUMPY_VERSION"
"$PY" -c "from ai_edge_litert.interpreter import Interpreter" \
  || { echo "setup-litert: ai_edge_litert does not import; delete $VENV and rerun" >&2; exit 1; }
echo "setup-litert: ready"

#!/usr/bin/env bash
# Creates bench/.venv-serve with the pinned serving peer of bench/serve.sh: FastAPI, uvicorn with
# its fastest loop and parser (uvloop, httptools) and LiteRT. Idempotent.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV="$BENCH_DIR/.venv-serve"
PINS=(fastapi==0.165.0 uvicorn==0.54.0 uvloop==0.23.0 httptools==0.9.0 ai-edge-litert==2.3.0 numpy==2.2.6)
if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -m pip freeze 2>/dev/null | grep -qx "fastapi==0.165.0"; then
  echo "[setup-serve-peer] $VENV is ready"
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
"$VENV/bin/python" -c "import fastapi, uvicorn, uvloop, httptools; from ai_edge_litert.interpreter import Interpreter"
echo "[setup-serve-peer] ready: ${PINS[*]}"

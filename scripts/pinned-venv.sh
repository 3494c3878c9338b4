#!/usr/bin/env bash
# Creates a virtual environment at the repository root holding one pinned PyPI
# package and numpy, and checks that the package imports. Idempotent: does
# nothing when the venv already holds the pinned versions. The setup-*.sh
# scripts call it with their package:
#
#   scripts/pinned-venv.sh NAME VENV PACKAGE VERSION IMPORT
#
# NAME prefixes the messages; IMPORT is a Python statement that must succeed.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=$1 VENV=$2 PACKAGE=$3 VERSION=$4 IMPORT=$5
NUMPY_VERSION="2.2.6"
PY="$VENV/bin/python"

installed_versions() {
  "$PY" -c "from importlib.metadata import version
print(version('$PACKAGE'), version('numpy'))" 2>/dev/null
}

if [[ -x "$PY" ]] && [[ "$(installed_versions || true)" == "$VERSION $NUMPY_VERSION" ]]; then
  echo "$NAME: $VENV has $PACKAGE $VERSION, numpy $NUMPY_VERSION"
  exit 0
fi

echo "$NAME: creating $VENV ($PACKAGE $VERSION, numpy $NUMPY_VERSION)"
python3 -m venv "$VENV"
"$PY" -m pip install --quiet --disable-pip-version-check \
  "$PACKAGE==$VERSION" "numpy==$NUMPY_VERSION"
"$PY" -c "$IMPORT" \
  || { echo "$NAME: $PACKAGE does not import; delete $VENV and rerun" >&2; exit 1; }
echo "$NAME: ready"

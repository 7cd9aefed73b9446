#!/usr/bin/env bash
# Installs the Chaos Toolkit CLI (`chaos`) in a virtual environment outside the repository and prints
# the path of its `chaos` command (jsonpath2 is the extra that JSON path tolerances need).
# Idempotent: a venv that already has the pinned version is reused.
#   CHAOS=$(bash infra/chaos/ensure-chaostoolkit.sh) && "$CHAOS" validate infra/chaos/kill-loyalty.json
set -euo pipefail

VERSION="${CHAOSTOOLKIT_VERSION:-1.21.4}"
CACHE="${SUITE_CACHE_DIR:-$HOME/.cache/distributed-tracing-suite}"
VENV="$CACHE/chaostoolkit/$VERSION"
CHAOS="$VENV/bin/chaos"

if [ -x "$CHAOS" ] && "$VENV/bin/pip" show chaostoolkit 2>/dev/null | grep -qx "Version: $VERSION" && "$VENV/bin/pip" show jsonpath2 >/dev/null 2>&1; then
  echo "$CHAOS"
  exit 0
fi

# chaostoolkit 1.21 needs Python 3.12 or newer: the first interpreter found that is recent enough.
recent() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
PYTHON_FOUND=""
for candidate in ${PYTHON:-} python3.13 python3.12 \
  "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 python3; do
  if [ -x "$candidate" ] || command -v "$candidate" >/dev/null 2>&1; then
    if recent "$candidate"; then PYTHON_FOUND="$candidate"; break; fi
  fi
done
if [ -z "$PYTHON_FOUND" ]; then
  echo "ensure-chaostoolkit: chaostoolkit $VERSION needs Python >= 3.12 and none was found; install one" \
    "(pyenv install 3.12, or your distribution's python3.12 with its venv module) or set PYTHON=/path/to/python3.12" >&2
  exit 1
fi
mkdir -p "$(dirname "$VENV")"
if ! "$PYTHON_FOUND" -m venv --clear "$VENV" >&2; then
  echo "ensure-chaostoolkit: python3 -m venv failed; install the venv module (apt-get install python3-venv)" >&2
  exit 1
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "chaostoolkit==$VERSION" "jsonpath2==0.4.5" >&2
echo "$CHAOS"

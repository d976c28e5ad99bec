#!/usr/bin/env bash
# Interop check of the dataset exports against real consumers installed from PyPI.
# usage: .ci/interop/run.sh --spacy F.jsonl --label-studio TASKS.json \
#            --label-studio-config CONFIG.xml --brat DIR
# The venv lives in target/interop-venv and is rebuilt only when requirements.txt
# (or the python3 version) changes. Relative paths are taken from the caller's directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(cd "$here/../.." && pwd)/target/interop-venv"
req="$here/requirements.txt"
hash="$( { python3 --version; cat "$req"; } | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements-hash" 2>/dev/null || true)" != "$hash" ]; then
  echo "interop: building $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "$hash" > "$venv/.requirements-hash"
fi
exec "$venv/bin/python" "$here/check.py" "$@"

#!/usr/bin/env bash
# The HTML extraction benchmark and its peers in one run, on the 121 pages
# of ../shared/corpus/html: `cargo bench --bench extract` (Marginalia and
# dom_smoothie; their outputs land in target/bench-data/extract-*), then
# trafilatura 2.3 and readability-lxml from PyPI in a throwaway virtualenv
# under the cargo target folder, then score.py body on every output.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/extract-venv"
corpus=../shared/corpus/html
gold="$corpus/ground-truth.json"
cargo bench --bench extract 2>&1 | grep -E "extract bench|^extract_|time:|thrpt:"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q 'trafilatura==2.3.*' 'readability-lxml==0.9'
fi
out="$target/bench-data/extract-peers"
taskset -c 0 "$venv/bin/python" benches/peers/extract_peers.py "$corpus" "$out" 3
for dir in target/bench-data/extract-marginalia target/bench-data/extract-dom_smoothie "$out"/*; do
  echo "== $(basename "$dir")"
  python3 ../shared/eval/score.py body --gold "$gold" --pred "$dir" | grep -E "pages:|token bag"
done

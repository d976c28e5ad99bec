#!/usr/bin/env bash
# The export benchmark and its peer in one run: `cargo bench --bench export`
# (10,000 documents × 30 spans to Marginalia JSONL and to CoNLL), which also
# writes the same documents as Label Studio tasks, then label-studio-converter
# (pinned in .ci/interop/requirements.txt) converting those tasks to CoNLL.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench --bench export 2>&1 | grep -E "export bench|^export_|time:"
bash .ci/interop/run.sh --help > /dev/null 2>&1 || true   # builds the venv if needed
target/interop-venv/bin/python .ci/interop/ls_convert_bench.py \
  target/bench-data/ls-10k.json target/bench-data/ls-10k.config.xml

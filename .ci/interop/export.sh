#!/usr/bin/env bash
# Exports real articles with Marginalia's CLI and hands the files to the real
# consumers (.ci/interop/run.sh): spaCy, label-studio-converter and a brat reader.
# The articles: the seed story and the PolNeAR dev texts from ../shared, with the
# built-in suggesters' spans taken as accepted (many real spans, nested FIGUREs in
# QUOTEs, curly quotes, accents), plus the bundled sample's hand annotations.
# usage: .ci/interop/export.sh MARGINALIA_BINARY
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$1"
w=target/interop
rm -rf "$w" && mkdir -p "$w/in"
cp ../shared/corpus/seed/belarus-prisoners.txt ../shared/corpus/polnear-dev/text/*.txt "$w/in/"
"$bin" suggest "$w"/in/*.txt > /dev/null
"$bin" export --format marginalia --status pending --out "$w/suggested.jsonl" "$w/in"
sed 's/"status":"pending"/"status":"accepted"/g' "$w/suggested.jsonl" > "$w/accepted.jsonl"
"$bin" import --format marginalia "$w/accepted.jsonl" --out "$w/accepted"
cp assets/samples/harbour-bridge-vote.txt assets/samples/harbour-bridge-vote.txt.ann.ron "$w/accepted/"
"$bin" export --format spacy --out "$w/spacy.jsonl" "$w/accepted"
"$bin" export --format label-studio --out "$w/tasks.json" "$w/accepted"
"$bin" export --format brat --out "$w/brat" "$w/accepted"
bash .ci/interop/run.sh --spacy "$w/spacy.jsonl" --label-studio "$w/tasks.json" \
  --label-studio-config "$w/tasks.config.xml" --brat "$w/brat"

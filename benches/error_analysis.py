#!/usr/bin/env python3
"""Counts where the built-in quote rules miss on PolNeAR dev (see BENCHMARKS.md).

Run from the repo root after: target/release/marginalia suggest --jsonl < /tmp/polnear.jsonl > /tmp/polnear-out.jsonl
(the input as in BENCHMARKS.md). Uses score.py's own gold loader.
"""
import sys, json, collections
sys.path.insert(0, "../shared/eval")
import score
gold = score.load_polnear("../shared/corpus/polnear-dev")
preds = {}
for line in open("/tmp/polnear-out.jsonl", encoding="utf-8"):
    d = json.loads(line); preds[d["id"]] = d
ov = lambda a, b: a[0] < b[1] and b[0] < a[1]
cat = collections.Counter(); ex = collections.defaultdict(list)
inside = exactn = other = 0
for stem, g in gold.items():
    text = g["text"]; p = preds.get(stem, {"spans": [], "relations": []})
    byid = {s["id"]: s for s in p["spans"]}
    pq = [(s["start"], s["end"]) for s in p["spans"] if s["label"] == "QUOTE"]
    links = [(byid[r["from"]], byid[r["to"]]) for r in p["relations"]]
    tm = {s["tid"]: s for s in g["spans"]}
    items = collections.defaultdict(set)
    for c, s in g["links"]:
        if tm[c]["direct"]:
            items[(tm[c]["start"], tm[c]["end"])].add((tm[s]["start"], tm[s]["end"]))
    for q, srcs in items.items():
        qs = [x for x in pq if ov(x, q)]
        if not qs:
            cat["quote not found"] += 1; continue
        found = any(ov((a["start"], a["end"]), q) and any(ov((b["start"], b["end"]), s) for s in srcs) for a, b in links)
        if found: continue
        haslink = any(ov((a["start"], a["end"]), q) for a, b in links)
        if not haslink:
            cat["quote found, no said_by"] += 1; ex["nolink"].append(text[q[0]:q[1]][:80])
        else:
            # which source did we give?
            given = [b for a, b in links if ov((a["start"], a["end"]), q)]
            gs = [text[s[0]:s[1]] for s in srcs]
            pron = any(text[s[0]:s[1]].lower() in ("he","she","they","i","we","it") for s in srcs)
            gp = any(b["text"].lower() in ("he","she","they","i","we","it") for b in given)
            key = "wrong source" + (" (gold source is a pronoun)" if pron else "") + (" (ours a pronoun)" if gp else "")
            cat[key] += 1; ex[key].append((given[0]["text"], gs))
    # exact-boundary analysis for direct gold quotes
    for s in g["spans"]:
        if s["label"] == "QUOTE" and s["direct"]:
            q = (s["start"], s["end"])
            ins = [x for x in pq if ov(x, q)]
            if q in pq: exactn += 1
            elif ins and all(q[0] <= x[0] and x[1] <= q[1] for x in ins): inside += 1
            elif ins: other += 1
print(cat)
for k, v in ex.items():
    print(k, v[:4])
print("direct gold quotes: exact", exactn, "predicted strictly inside", inside, "other overlap", other)

#!/usr/bin/env python3
"""Pairwise span agreement, computed apart from Marginalia's Rust code.

Reads a Marginalia JSONL export made with `--annotator all` (one line per
document per annotator: "id" is `<document>@<annotator>`, "meta" holds
"annotator", spans carry code-point "start"/"end" and "label") and prints,
as JSON, for each label and for all labels together, each pair of
annotators' exact and overlap F1:

    {"QUOTE": {"a|b": {"exact_f1": .., "overlap_f1": .., "a_spans": .., "b_spans": ..}}, ..., "all": {...}}

The rules (the ones the README states for `marginalia agreement`):
- a pair is compared on the documents both annotated; counts are summed
  over those documents, and F1 = 2 * matched / (spans of a + spans of b);
- overlap matching is one-to-one, greedy by largest overlap in code points
  (ties: the smaller |start difference| + |end difference|, then the
  earlier span of a, then of b), between spans of the same label;
- exact matches are one-to-one pairs of spans with equal start, end and label.
Standard library only.
"""

import json
import sys
from collections import defaultdict


def overlap_matches(a, b):
    cands = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x["label"] != y["label"]:
                continue
            ov = min(x["end"], y["end"]) - max(x["start"], y["start"])
            if ov > 0:
                dist = abs(x["start"] - y["start"]) + abs(x["end"] - y["end"])
                cands.append((-ov, dist, i, j))
    cands.sort()
    used_a, used_b, n = set(), set(), 0
    for _, _, i, j in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        n += 1
    return n


def exact_matches(a, b):
    count = defaultdict(int)
    for x in a:
        count[(x["start"], x["end"], x["label"])] += 1
    n = 0
    for y in b:
        k = (y["start"], y["end"], y["label"])
        if count[k] > 0:
            count[k] -= 1
            n += 1
    return n


def main(path):
    docs = defaultdict(dict)  # document -> annotator -> spans
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            who = d["meta"]["annotator"]
            doc = d["id"].rsplit("@", 1)[0]
            docs[doc][who] = d["spans"]
    labels = sorted({s["label"] for team in docs.values() for spans in team.values() for s in spans})
    out = {}
    for label in labels + ["all"]:
        sums = defaultdict(lambda: [0, 0, 0, 0])  # exact, overlap, a spans, b spans
        for team in docs.values():
            names = sorted(team)
            for x in range(len(names)):
                for y in range(x + 1, len(names)):
                    a = [s for s in team[names[x]] if label == "all" or s["label"] == label]
                    b = [s for s in team[names[y]] if label == "all" or s["label"] == label]
                    c = sums[names[x] + "|" + names[y]]
                    c[0] += exact_matches(a, b)
                    c[1] += overlap_matches(a, b)
                    c[2] += len(a)
                    c[3] += len(b)
        figures = {}
        for pair, (e, o, na, nb) in sorted(sums.items()):
            total = na + nb
            figures[pair] = {
                "exact_f1": 2 * e / total if total else None,
                "overlap_f1": 2 * o / total if total else None,
                "a_spans": na,
                "b_spans": nb,
            }
        out[label] = figures
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1])

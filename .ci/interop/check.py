#!/usr/bin/env python3
"""Interop check: load Marginalia's dataset exports with the real consumers from PyPI.

usage: python check.py --spacy FILE.jsonl --label-studio TASKS.json
                       --label-studio-config CONFIG.xml --brat DIR

Each check prints one summary line ("<name>: OK ..." or "<name>: FAILED ..."), with the
problems (file and line, task or annotation id) on stderr before it. Exit status 1 if any
check failed, 2 on bad usage. Offsets everywhere are Unicode code points.
"""
import argparse
import contextlib
import io
import json
import sys
import tempfile
import traceback
from pathlib import Path

MAX_SHOWN = 20  # problems printed per check


# --------------------------------------------------------------------------- spaCy / Prodigy
def check_spacy(path):
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("xx")
    errors, docs, n_spans, n_rels = [], [], 0, 0
    with open(path, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            at = f"{path}:{ln}"
            try:
                task = json.loads(raw)
            except ValueError as e:
                errors.append(f"{at}: not JSON: {e}")
                continue
            text, toks = task["text"], task["tokens"]
            if task.get("answer") not in ("accept", "reject", "ignore"):
                errors.append(f"{at}: answer is {task.get('answer')!r}")
            doc = Doc(nlp.vocab, words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
            if doc.text != text:
                i = next((i for i, (a, b) in enumerate(zip(doc.text, text)) if a != b), min(len(doc.text), len(text)))
                errors.append(f"{at}: tokens + ws rebuild a different text from char {i}: "
                              f"{doc.text[i:i + 20]!r} vs {text[i:i + 20]!r}")
                continue
            for i, (t, tok) in enumerate(zip(toks, doc)):
                if (t["id"], t["start"], t["end"]) != (i, tok.idx, tok.idx + len(tok.text)):
                    errors.append(f"{at}: token {i} {t['text']!r} has id/start/end {t['id']}/{t['start']}/{t['end']},"
                                  f" expected {i}/{tok.idx}/{tok.idx + len(tok.text)}")

            def span_of(s, what):
                a, b = s["start"], s["end"]
                sp = doc.char_span(a, b, label=s["label"])
                if sp is None:
                    errors.append(f"{at}: {what} {s['label']} [{a}:{b}] {text[a:b]!r} does not start and end"
                                  f" on token boundaries")
                    return None
                if sp.text != text[a:b]:
                    errors.append(f"{at}: {what} {s['label']} [{a}:{b}] spaCy text {sp.text!r} != {text[a:b]!r}")
                if (s["token_start"], s["token_end"]) != (sp.start, sp.end - 1):
                    errors.append(f"{at}: {what} {s['label']} [{a}:{b}] {text[a:b]!r} token_start/token_end "
                                  f"{s['token_start']}/{s['token_end']}, expected {sp.start}/{sp.end - 1} (inclusive end)")
                return sp

            spans = [sp for k, s in enumerate(task.get("spans", [])) if (sp := span_of(s, f"span {k}")) is not None]
            keys = {(s["start"], s["end"], s["label"]) for s in task.get("spans", [])}
            rels = []
            for k, r in enumerate(task.get("relations", [])):
                for end in ("head", "child"):
                    s = r[f"{end}_span"]
                    span_of(s, f"relation {k} {end}_span")
                    if not s["token_start"] <= r[end] <= s["token_end"]:
                        errors.append(f"{at}: relation {k} {r['label']}: {end} token {r[end]} is outside {end}_span "
                                      f"tokens {s['token_start']}..{s['token_end']}")
                    if (s["start"], s["end"], s["label"]) not in keys:
                        errors.append(f"{at}: relation {k} {r['label']}: {end}_span {s['label']} [{s['start']}:{s['end']}]"
                                      f" is not one of the line's spans")
                rels.append((r["head"], r["child"], r["label"]))
            doc.spans["sc"] = spans  # a SpanGroup: nested and overlapping spans are fine
            doc.user_data["relations"] = rels
            docs.append(doc)
            n_spans += len(spans)
            n_rels += len(rels)

    # DocBin round trip (what `spacy train` reads), user_data included.
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.spacy"
        db.to_disk(out)
        back = list(DocBin(store_user_data=True).from_disk(out).get_docs(nlp.vocab))
    if len(back) != len(docs):
        errors.append(f"{path}: DocBin gave back {len(back)} docs, wrote {len(docs)}")
    for i, (a, b) in enumerate(zip(docs, back)):
        sa = [(s.start_char, s.end_char, s.label_) for s in a.spans["sc"]]
        sb = [(s.start_char, s.end_char, s.label_) for s in b.spans.get("sc", [])]
        ra, rb = a.user_data["relations"], [tuple(r) for r in b.user_data.get("relations", ())]
        for what, x, y in (("text", a.text, b.text), ("spans", sa, sb), ("relations", ra, rb)):
            if x != y:
                errors.append(f"{path}: doc {i}: DocBin round trip changed the {what}: {x!r} -> {y!r}")
    n_back = sum(len(d.spans.get("sc", [])) for d in back)
    return errors, f"{len(docs)} docs, {n_spans} spans, {n_rels} relations; DocBin round trip {len(back)} docs, {n_back} spans"


# ----------------------------------------------------------------------- Label Studio
def check_label_studio(path, config):
    """Our own checks on the tasks, then label-studio-converter's CoNLL 2003 export.

    What is compared, and why: CoNLL is flat BIO, one tag per token, and the converter
    (create_tokens_and_tags) walks the spans sorted by start, keeping one "current" span:
    a span that starts inside the current one is skipped (nested spans vanish, the outer
    one wins), an inner span that sorts first at the same start is tagged and the rest of
    the outer one then gets a second B- tag, and a crossing span is cut. So the B- count of
    a file with nesting depends on the order of results, not on the data. We therefore feed
    the converter a copy of the tasks in which each annotation keeps only its flat layer:
    spans sorted by (start, -end), a span kept if it starts at or after the end of the last
    kept one and in a later converter token (i.e. outermost spans, earliest first;
    nested/overlapping ones, and ones sharing an NLTK token with a kept one, are left out).
    Everything else (relations, per-region choices/number/textarea, predictions) is passed
    as exported. Per converted document (one per annotation, in file order, or one empty
    one for a task without annotations) the converter's B- labels, in order, must equal the
    labels of the kept spans; the totals are printed. Predictions are not annotations: the
    converter ignores them, and they are only checked for text/offset agreement here.
    Offsets are also checked directly: value.text must equal data.text[start:end].
    """
    import bisect

    from label_studio_converter import Converter
    from label_studio_converter.utils import TreebankWordTokenizer

    if not Path(config).is_file():  # the converter would take the path itself for XML
        return [f"{config}: no such file"], "not run"
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    errors, expected, flat_tasks = [], [], []
    n_ann = n_flat = n_pred = 0
    for ti, task in enumerate(tasks):
        text = task["data"]["text"]
        at = f"{path}: task {ti} (id {task.get('id')}, doc_id {task['data'].get('doc_id')})"
        for kind in ("annotations", "predictions"):
            for ai, ann in enumerate(task.get(kind, [])):
                where = f"{at} {kind}[{ai}]"
                regions = {}
                for r in ann["result"]:
                    if r.get("type") != "labels":
                        continue
                    v = r["value"]
                    s, e = v["start"], v["end"]
                    regions[r["id"]] = (s, e)
                    if not 0 <= s < e <= len(text):
                        errors.append(f"{where} result {r['id']}: {v['labels']} [{s}:{e}] outside the text (len {len(text)})")
                    elif v.get("text") != text[s:e]:
                        errors.append(f"{where} result {r['id']}: {v['labels']} [{s}:{e}] value.text {v.get('text')!r}"
                                      f" != data.text[{s}:{e}] {text[s:e]!r}")
                for r in ann["result"]:
                    t = r.get("type")
                    if t == "relation":
                        for k in ("from_id", "to_id"):
                            if r.get(k) not in regions:
                                errors.append(f"{where}: relation {r.get('labels')} {k} {r.get(k)!r} is not a span id")
                    elif t != "labels":
                        if r.get("id") not in regions:
                            errors.append(f"{where}: {t} result id {r.get('id')!r} is not a span id")
                        elif "start" in r["value"] and (r["value"]["start"], r["value"]["end"]) != regions[r["id"]]:
                            errors.append(f"{where}: {t} result {r['id']} has offsets other than its span's")
                if kind == "predictions":
                    n_pred += len(regions)
        anns = []
        # The converter's own tokens (its patched TreebankWordTokenizer): two spans in
        # one of its tokens (6'3" as FIGUREs "6" and "3") cannot both be tagged, so
        # the flat layer treats spans that share a converter token as overlapping.
        ends = [e for _, e in TreebankWordTokenizer().span_tokenize(text)]
        first_tok = lambda r: bisect.bisect_right(ends, r["value"]["start"])
        last_tok = lambda r: bisect.bisect_left(ends, r["value"]["end"])
        for ann in task.get("annotations", []):
            spans = sorted((r for r in ann["result"] if r.get("type") == "labels"),
                           key=lambda r: (r["value"]["start"], -r["value"]["end"]))
            kept, last_end, last_token = [], -1, -1
            for r in spans:
                if r["value"]["start"] >= last_end and first_tok(r) > last_token:
                    kept.append(r)
                    last_end = r["value"]["end"]
                    last_token = last_tok(r)
            n_ann += len(spans)
            n_flat += len(kept)
            expected.append((f"{at} annotation {ann.get('id')}", [r["value"]["labels"][0] for r in kept]))
            anns.append({**ann, "result": kept + [r for r in ann["result"] if r.get("type") != "labels"]})
        if not anns:
            expected.append((f"{at} (no annotations)", []))
        flat_tasks.append({**task, "annotations": anns})

    with tempfile.TemporaryDirectory() as tmp:
        flat = Path(tmp) / "tasks.json"
        flat.write_text(json.dumps(flat_tasks, ensure_ascii=False), encoding="utf-8")
        Converter(config=str(config), project_dir=tmp, download_resources=False).convert(
            str(flat), str(Path(tmp) / "out"), "CONLL2003", is_dir=False)
        conll = (Path(tmp) / "out" / "result.conll").read_text(encoding="utf-8")
    # "-DOCSTART- -X- O", then per document "TOKEN -X- _ TAG" lines and a blank line.
    docs, cur = [], []
    for line in conll.split("\n")[1:-1]:
        if line:
            cur.append(line.rsplit(" ", 3)[-1])
        else:
            docs.append(cur)
            cur = []
    got_total = sum(t.startswith("B-") for d in docs for t in d)
    if len(docs) != len(expected):
        errors.append(f"{path}: converter wrote {len(docs)} CoNLL documents, expected {len(expected)} (one per annotation)")
    else:
        for (where, want), tags in zip(expected, docs):
            got = [t[2:] for t in tags if t.startswith("B-")]
            if got != want:
                errors.append(f"{where}: converter B- entities {got} != flat annotation spans {want}"
                              f" (two spans inside one NLTK token, or a span on whitespace only?)")
    summary = (f"{n_ann} annotation spans ({n_ann - n_flat} nested/overlapping or sharing a converter token"
               f" left out) -> {n_flat} expected entities;"
               f" converter: {got_total} B- entities in {len(docs)} CoNLL docs; {n_pred} prediction spans (not converted)")
    return errors, summary


# ------------------------------------------------------------------------------- brat
def read_conf(path):
    """Names declared per section of a brat annotation.conf."""
    sections, cur = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = sections.setdefault(line[1:-1], set())
        elif cur is not None:
            cur.add(line.split("\t")[0].split(" ")[0].lstrip("!"))
    return sections


def check_brat(root):
    from bratly import AttributeAnnotation, EntityAnnotation, NoteAnnotation, RelationAnnotation
    from bratly.io import read_and_load_ann_file

    root = Path(root)
    errors, counts = [], {"T": 0, "R": 0, "A": 0, "#": 0}
    conf_path = root / "annotation.conf"
    conf = read_conf(conf_path) if conf_path.is_file() else None
    if conf is None:
        errors.append(f"{conf_path}: missing")
    files = sorted(root.rglob("*.ann"))
    if not files:
        errors.append(f"{root}: no .ann files")
    for ann_path in files:
        txt_path = ann_path.with_suffix(".txt")
        if not txt_path.is_file():
            errors.append(f"{ann_path}: no {txt_path.name} beside it")
            continue
        with open(txt_path, encoding="utf-8", newline="") as f:  # keep "\r": brat counts it
            text = f.read()
        with open(ann_path, encoding="utf-8", newline="") as f:
            raw = [l for l in f.read().split("\n") if l]
        line_of = {l.split("\t")[0]: n for n, l in enumerate(raw, 1)}
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log):  # bratly prints, and skips, lines it cannot resolve
                coll = read_and_load_ann_file(str(ann_path), no_duplicates=False, sorting=False, renumerotize=False)
        except Exception as e:  # bratly.ParsingError on a malformed line
            errors.append(f"{ann_path}: bratly could not parse it: {e}".replace("\n", " | "))
            continue
        parsed = {"T": coll.get_annotations(EntityAnnotation), "R": coll.get_annotations(RelationAnnotation),
                  "A": coll.get_annotations(AttributeAnnotation), "#": coll.get_annotations(NoteAnnotation)}
        for k, anns in parsed.items():
            n_raw = sum(1 for l in raw if l[0] == k or (k == "A" and l[0] == "M"))
            counts[k] += len(anns)
            if len(anns) != n_raw:
                errors.append(f"{ann_path}: bratly read {len(anns)} of {n_raw} {k} lines "
                              f"{log.getvalue().strip()!r}")
        for ent in parsed["T"]:
            at = f"{ann_path}:{line_of.get(ent.id, '?')}: {ent.id} {ent.label}"
            frags = [(fr.start, fr.end) for fr in ent.fragments]
            if any(not 0 <= s < e <= len(text) for s, e in frags):
                errors.append(f"{at} {frags} outside {txt_path.name} (len {len(text)})")
                continue
            want = " ".join(text[s:e] for s, e in frags)  # brat joins fragments with one space
            if ent.content != want:
                errors.append(f"{at} {frags}: text {ent.content!r} != {txt_path.name}{frags} {want!r}")
            if any(c in want for c in "\r\n"):
                errors.append(f"{at} {frags}: covers a line break (brat wants a ';' fragment per line)")
        if conf is not None:
            for k, sec in (("T", "entities"), ("R", "relations"), ("A", "attributes")):
                for a in parsed[k]:
                    if a.label not in conf.get(sec, set()) and not (k == "T" and a.label in conf.get("events", set())):
                        errors.append(f"{ann_path}:{line_of.get(a.id, '?')}: {a.id} {a.label} not in [{sec}] of {conf_path}")
        for note in parsed["#"]:
            if isinstance(note.component, str):
                errors.append(f"{ann_path}:{line_of.get(note.id, '?')}: note {note.id} refers to unknown {note.component}")
    summary = (f"{len(files)} .ann files: {counts['T']} T, {counts['R']} R, {counts['A']} A, "
               f"{counts['#']} # notes")
    return errors, summary


# ------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spacy", metavar="FILE.jsonl")
    ap.add_argument("--label-studio", metavar="TASKS.json")
    ap.add_argument("--label-studio-config", metavar="CONFIG.xml")
    ap.add_argument("--brat", metavar="DIR")
    args = ap.parse_args()
    if bool(args.label_studio) != bool(args.label_studio_config):
        ap.error("--label-studio and --label-studio-config go together")
    checks = []
    if args.spacy:
        checks.append(("spacy", args.spacy, lambda: check_spacy(args.spacy)))
    if args.label_studio:
        checks.append(("label-studio", args.label_studio,
                       lambda: check_label_studio(args.label_studio, args.label_studio_config)))
    if args.brat:
        checks.append(("brat", args.brat, lambda: check_brat(args.brat)))
    if not checks:
        ap.error("nothing to check")
    failed = 0
    for name, target, run in checks:
        try:
            errors, summary = run()
        except Exception:
            errors, summary = [traceback.format_exc().strip()], "crashed"
        for e in errors[:MAX_SHOWN]:
            print(f"{name}: {e}", file=sys.stderr)
        if len(errors) > MAX_SHOWN:
            print(f"{name}: ... and {len(errors) - MAX_SHOWN} more", file=sys.stderr)
        sys.stderr.flush()
        if errors:
            failed += 1
            print(f"{name}: FAILED ({len(errors)} problems) {target}: {summary}", flush=True)
        else:
            print(f"{name}: OK {target}: {summary}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

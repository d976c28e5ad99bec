#!/usr/bin/env python3
"""Time label-studio-converter's CoNLL 2003 export of a Label Studio tasks file.

usage: python ls_convert_bench.py TASKS.json CONFIG.xml

Same API as check.py: Converter(config).convert(tasks, out_dir, "CONLL2003", is_dir=False),
including the converter's own JSON reading (ijson) and the write of result.conll to a temp
dir; Python start-up and imports are not timed. Median of 3 runs, or a single run if the
first takes over 60 s. Prints one JSON line.
"""
import json
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from label_studio_converter import Converter


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    tasks, config = sys.argv[1], sys.argv[2]
    with open(tasks, encoding="utf-8") as f:
        data = json.load(f)
    n_tasks = len(data)
    n_spans = sum(r.get("type") == "labels" for t in data for a in t.get("annotations", []) for r in a["result"])
    del data
    runs = []
    while len(runs) < 3:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            Converter(config=config, project_dir=tmp, download_resources=False).convert(
                tasks, str(Path(tmp) / "out"), "CONLL2003", is_dir=False)
            runs.append(time.perf_counter() - t0)
        if runs[0] > 60:
            break
    secs = statistics.median(runs)
    print(json.dumps({"tool": "label-studio-converter", "version": version("label-studio-converter"),
                      "format": "CONLL2003", "tasks": n_tasks, "spans": n_spans, "runs": len(runs),
                      "seconds": round(secs, 3), "tasks_per_s": round(n_tasks / secs, 1),
                      "all_seconds": [round(r, 3) for r in runs]}))


if __name__ == "__main__":
    main()

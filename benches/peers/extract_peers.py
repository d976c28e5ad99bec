"""Peers of `marginalia extract` on ../shared/corpus/html: trafilatura
(default settings, and with include_comments=False) and readability-lxml
(Document(html).summary(), then the text of that HTML). Each one's text
goes to OUT/<peer>/<id>.txt for `score.py body`; pages/s is the median of
RUNS timed passes over all pages (read and decompressed in memory first,
one thread).

    python extract_peers.py CORPUS_DIR OUT_DIR [RUNS]
"""
import gzip
import os
import statistics
import sys
import time

import lxml.html
import trafilatura
from readability import Document


def read_pages(corpus):
    pages = []
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(corpus, name)) as f:
                pages.append((name[: -len(".html.gz")], f.read().decode("utf-8", "replace")))
    return pages


def traf_default(html):
    return trafilatura.extract(html) or ""


def traf_no_comments(html):
    return trafilatura.extract(html, include_comments=False) or ""


BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "tr", "td", "th", "section", "article", "ul", "ol", "table", "figure", "figcaption"}


def readability_lxml(html):
    summary = Document(html).summary()
    if not summary.strip():
        return ""
    tree = lxml.html.fromstring(summary)
    # A line break after each block, so that paragraphs do not run together.
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return tree.text_content()


PEERS = {
    "trafilatura": traf_default,
    "trafilatura-no-comments": traf_no_comments,
    "readability-lxml": readability_lxml,
}


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    pages = read_pages(corpus)
    for name, fn in PEERS.items():
        texts = {}
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for pid, html in pages:
                try:
                    texts[pid] = fn(html)
                except Exception as e:  # a peer failing on a page scores 0 there
                    print(f"{name}: {pid}: {e}", file=sys.stderr)
                    texts[pid] = ""
            times.append(time.perf_counter() - start)
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        for pid, text in texts.items():
            with open(os.path.join(folder, pid + ".txt"), "w", encoding="utf-8") as f:
                f.write(text)
        med = statistics.median(times)
        print(f"{name}: {len(pages)} pages, median {med:.2f} s of {runs} runs, {len(pages) / med:.1f} pages/s")


if __name__ == "__main__":
    main()

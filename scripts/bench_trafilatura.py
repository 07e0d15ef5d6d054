#!/usr/bin/env python3
"""Time trafilatura on the same pages as `rasd bench extract`, one core, metadata on.

Not a project dependency, only a yardstick:  pip install trafilatura==2.3.1

Usage:
  taskset -c 0 python3 scripts/bench_trafilatura.py DIR [--passes 3] [--pred OUT_DIR] [--no-metadata]

DIR holds html/*.html.gz (the extraction benchmark) or *.html[.gz]. Pages are read and
decompressed into memory first; each pass runs trafilatura.bare_extraction (body +
title/date/author) over all pages on one thread. Prints pages/s and MB/s (median of the
passes); with --pred writes {"id","articleBody","title","datePublished"} per page.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time


def load(d):
    hd = os.path.join(d, "html") if os.path.isdir(os.path.join(d, "html")) else d
    pages = []
    for name in sorted(os.listdir(hd)):
        p = os.path.join(hd, name)
        if name.endswith(".gz"):
            with gzip.open(p, "rb") as f:
                data = f.read()
        elif name.endswith((".html", ".htm")):
            with open(p, "rb") as f:
                data = f.read()
        else:
            continue
        pid = name
        for suf in (".html.gz", ".htm.gz", ".html", ".htm", ".gz"):
            if pid.endswith(suf):
                pid = pid[: -len(suf)]
                break
        pages.append((pid, data))
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--pred")
    ap.add_argument("--no-metadata", action="store_true")
    a = ap.parse_args()
    try:
        import trafilatura
    except ImportError as e:
        sys.exit(f"cannot import trafilatura ({e}): pip install trafilatura==2.3.1 lxml_html_clean")
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:
            pass
    pages = load(a.dir)
    if not pages:
        sys.exit(f"no pages in {a.dir}")
    mb = sum(len(d) for _, d in pages) / 1e6
    meta = not a.no_metadata

    def run_once(collect=False):
        out = {}
        for pid, data in pages:
            r = trafilatura.bare_extraction(data, with_metadata=meta, url=None)
            if collect:
                if r is None:
                    out[pid] = {"id": pid, "articleBody": "", "title": None, "datePublished": None}
                else:
                    d = r.as_dict() if hasattr(r, "as_dict") else dict(r)
                    out[pid] = {"id": pid, "articleBody": d.get("text") or "", "title": d.get("title"), "datePublished": d.get("date")}
        return out

    preds = run_once(collect=bool(a.pred))  # warm-up (and predictions)
    if a.pred:
        os.makedirs(a.pred, exist_ok=True)
        for pid, v in preds.items():
            with open(os.path.join(a.pred, pid + ".json"), "w", encoding="utf-8") as f:
                json.dump(v, f, ensure_ascii=False)
    times = []
    for i in range(max(1, a.passes)):
        t = time.perf_counter()
        run_once()
        s = time.perf_counter() - t
        times.append(s)
        print(f"pass {i + 1}: {s:.2f} s ({len(pages) / s:.1f} pages/s)", file=sys.stderr)
    med = statistics.median(times)
    print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages, {mb:.1f} MB, one core, metadata {'on' if meta else 'off'}, "
          f"median of {len(times)} passes: {med:.2f} s = {len(pages) / med:.1f} pages/s, {mb / med:.1f} MB/s")


if __name__ == "__main__":
    main()

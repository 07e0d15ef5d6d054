#!/usr/bin/env python3
"""Deterministic tuning / held-out split of the multilingual extraction pages, and scoring.

The split is fixed once: a page (id = its HTML file name without ".html.gz") is HELD OUT when
int(sha1(id).hexdigest(), 16) % 3 == 0, else it is a TUNING page. Rules are developed by
looking only at tuning-page errors; held-out pages are scored only to report.

Usage:
  python3 scripts/extract_split.py DATASET_DIR OUT_DIR
      writes OUT_DIR/tune.txt and OUT_DIR/heldout.txt (one page id a line)
  python3 scripts/extract_split.py DATASET_DIR OUT_DIR --score PRED_DIR [--part tune|heldout|both]
      runs the reference scorer on the part(s) and prints title exact / date exact / body F1

DATASET_DIR is ../shared/data/extraction/multilingual-dev; predictions come from
  rasd bench extract ../shared/data/extraction/multilingual-dev/html --pred PRED_DIR --passes 1
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys


def page_ids(dataset):
    with open(os.path.join(dataset, "evaldata.json"), encoding="utf-8") as f:
        gt = json.load(f)
    ids = []
    for item in gt.values():
        fn = item["file"]
        if fn.endswith(".gz"):
            fn = fn[:-3]
        if fn.endswith(".html"):
            fn = fn[:-5]
        ids.append(fn)
    return sorted(set(ids))


def held_out(pid):
    return int(hashlib.sha1(pid.encode("utf-8")).hexdigest(), 16) % 3 == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("out")
    ap.add_argument("--score")
    ap.add_argument("--part", default="tune", choices=["tune", "heldout", "both"])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    ids = page_ids(a.dataset)
    parts = {"tune": [i for i in ids if not held_out(i)], "heldout": [i for i in ids if held_out(i)]}
    for name, lst in parts.items():
        with open(os.path.join(a.out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lst) + "\n")
    if not a.score:
        print(f"tune {len(parts['tune'])}, heldout {len(parts['heldout'])} pages -> {a.out}")
        return
    scorer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools",
                          "extract_eval", "extract_eval.py")
    if not os.path.exists(scorer):
        scorer = "../shared/tools/extract_eval/extract_eval.py"
    for name in (["tune", "heldout"] if a.part == "both" else [a.part]):
        r = subprocess.run([sys.executable, scorer, "--dataset", a.dataset, "--pred", a.score,
                            "--ids", os.path.join(a.out, name + ".txt"), "--n-bootstrap", "0",
                            "--per-page", os.path.join(a.out, name + "-per-page.tsv")],
                           capture_output=True, text=True, check=True)
        res = json.loads(r.stdout)
        print(f"{name}: {res['pages']} pages  title exact {res['title']['exact']:.3f} "
              f"({res['title']['pages']})  date exact {res['date']['accuracy']:.3f} "
              f"({res['date']['correct']}/{res['date']['pages']}, wrong {res['date']['wrong']}, "
              f"none {res['date']['none']}, dated undated {res['date']['dated_undated']})  "
              f"body F1 {res['body']['f1']:.3f} (P {res['body']['precision']:.3f} R {res['body']['recall']:.3f})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Does rasd code a violent event from a single sentence? Scored on eval/sentences/sentences.jsonl.

    python3 scripts/eval_sentences.py --rasd target/release/rasd \
        --texts ../shared/corpus/news_ar.jsonl [--split tune|heldout|all] [--errors]

Each line names a sentence of a corpus article by code-point offsets and a label: "assault"
(the sentence alone reports a specific violent occurrence) or "no_assault" (a violence word
that reports none: commentary, history, cumulative tolls, threats, denials, habitual or general
statements …). Each sentence is annotated alone by `rasd annotate`, with its article's
publication date. Reported: the share of no_assault sentences that get a violent event
(Battles, Explosions/Remote violence, Violence against civilians; lower is better) and the
share of assault sentences that do (higher is better).
"""
import argparse
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasd", default=os.path.join(ROOT, "target/release/rasd"))
    ap.add_argument("--texts", required=True)
    ap.add_argument("--split", default="all", choices=["all", "tune", "heldout"])
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    texts = {}
    for line in open(args.texts, encoding="utf-8"):
        r = json.loads(line)
        texts[r["id"]] = r
    items = [json.loads(l) for l in open(os.path.join(ROOT, "eval/sentences/sentences.jsonl"), encoding="utf-8")]
    items = [s for s in items if args.split == "all" or s["split"] == args.split]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for k, s in enumerate(items):
            art = texts[s["id"]]
            fh.write(json.dumps({"id": f"s{k}", "text": art["text"][s["start"]:s["end"]], "published": art.get("published")}, ensure_ascii=False) + "\n")
        path = fh.name
    try:
        p = subprocess.run([args.rasd, "annotate", path], check=True, capture_output=True, text=True)
    finally:
        os.unlink(path)
    out = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    counts = {"assault": [0, 0], "no_assault": [0, 0]}
    for s, o in zip(items, out):
        got = any(e["event_type"] in VIOLENT for e in o.get("events", []))
        c = counts[s["label"]]
        c[0] += got
        c[1] += 1
        if args.errors and got != (s["label"] == "assault"):
            kind = "false event" if got else "missed"
            print(f"  {kind} [{s.get('why', '')}] {texts[s['id']]['text'][s['start']:s['end']]}")
    fa, na = counts["no_assault"]
    ta, nt = counts["assault"]
    print(f"split {args.split}: no_assault sentences with a violent event {fa}/{na} = {fa / max(na, 1):.3f} (bar <= 0.15)")
    print(f"split {args.split}: assault sentences with a violent event    {ta}/{nt} = {ta / max(nt, 1):.3f} (bar >= 0.80)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Turn full gold lines (SCHEMA.md, with "text") into rasd's stand-off gold files (no article text).

The project keeps annotations, never third-party article text: each stand-off line names its
article by `id` (and `text_sha1`), and `rasd eval --texts FILE` joins the texts back in at scoring
time. Event evidence becomes code-point offsets (`evidence_start`, `evidence_end`).

    python3 scripts/gold_standoff.py --texts ../shared/corpus/news_ar.jsonl \
        --split split.json --out-dir eval/gold annotated_*.jsonl

`split.json` = {"heldout": [ids...]}: those go to heldout.jsonl, the rest to tune.jsonl.
Span texts (names, date phrases) stay: they are the facts being annotated.
"""
import argparse
import hashlib
import json
import re

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
DROP_EVENT_KEYS = {"evidence", "note", "notes"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", required=True)
    ap.add_argument("--split", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    texts = {}
    for line in open(a.texts, encoding="utf-8"):
        r = json.loads(line)
        texts[r["id"]] = r["text"]
    held = set(json.load(open(a.split))["heldout"])
    out = {"tune": [], "heldout": []}
    for f in a.files:
        for line in open(f, encoding="utf-8"):
            g = json.loads(line)
            text = texts[g["id"]]
            gold = g.get("gold", {})
            # Date entries must carry an ISO value (placeholders for unknowable dates are dropped).
            gold["dates"] = [d for d in gold.get("dates", []) if isinstance(d.get("value"), str) and ISO.match(d["value"])]
            for layer in ("dates", "places", "entities"):
                for s in gold.get(layer, []):
                    s.pop("note", None)
                    s.pop("notes", None)
                    assert s["text"] in text, (g["id"], s["text"])
            evs = []
            for e in gold.get("events", []):
                ev = e.get("evidence") or ""
                b = text.find(ev) if ev else -1
                e = {k: v for k, v in e.items() if k not in DROP_EVENT_KEYS}
                if b >= 0:
                    e["evidence_start"] = b
                    e["evidence_end"] = b + len(ev)
                if e.get("date") is not None and not ISO.match(str(e["date"])):
                    e["date"] = None
                evs.append(e)
            gold["events"] = evs
            rec = {
                "id": g["id"],
                "url": g.get("url"),
                "source": g.get("source"),
                "lang": g.get("lang", "ar"),
                "published": g.get("published"),
                "published_evidence": g.get("published_evidence"),
                "tags": g.get("tags", []),
                "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
                "gold": gold,
            }
            out["heldout" if g["id"] in held else "tune"].append(rec)
    for name, recs in out.items():
        recs.sort(key=lambda r: r["id"])
        with open(f"{a.out_dir}/{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(name, len(recs), "articles", sum(len(r["gold"]["events"]) for r in recs), "events")


if __name__ == "__main__":
    main()

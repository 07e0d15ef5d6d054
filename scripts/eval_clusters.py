#!/usr/bin/env python3
"""Score cross-source event merging on the project's real multi-outlet clusters.

    python3 scripts/eval_clusters.py --rasd target/release/rasd \
        --texts ../shared/corpus/news_ar.jsonl [--orders 3] [--split tune|heldout|all] [--errors]

eval/clusters/clusters.jsonl lists incidents (type, date, place) with the corpus articles that
report them; near_misses.jsonl pairs articles of different incidents that a merger could
confuse. Each run ingests every member article with `rasd ingest` (as JSONL records whose text
comes from --texts) into a fresh database, in a shuffled order, and reads the events back with
`rasd events --format jsonl`. Measures:

- pairwise precision / recall over article pairs: a predicted pair shares a stored event; a
  gold pair reports the same incident (for recall the shared event must have the incident's type);
- B-cubed precision / recall per (article, incident);
- determinism: the event/source partition must be the same for every order.

Articles without a publication date in the corpus are given the incident's date (the
crawler would know it); incidents with no known date are left out. This makes dates easier
than in real life, where a report may come a day later.
"""
import argparse
import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def split_of(incident):
    h = int(hashlib.sha1(incident.encode()).hexdigest(), 16)
    return "heldout" if h % 3 == 0 else "tune"


def load(args):
    texts = {}
    for line in open(args.texts, encoding="utf-8"):
        r = json.loads(line)
        texts[r["id"]] = r
    incidents = [json.loads(l) for l in open(os.path.join(ROOT, "eval/clusters/clusters.jsonl"), encoding="utf-8")]
    near = [json.loads(l) for l in open(os.path.join(ROOT, "eval/clusters/near_misses.jsonl"), encoding="utf-8")]
    keep = []
    for inc in incidents:
        if args.split != "all" and split_of(inc["incident"]) != args.split:
            # Near-miss partners of kept incidents are still ingested (below).
            inc["_out"] = True
        keep.append(inc)
    return texts, keep, near


def records(texts, incidents):
    """One input record per article; published from the corpus, else from its incident's date."""
    out = {}
    for inc in incidents:
        for m in inc["members"]:
            r = texts[m["id"]]
            pub = r.get("published") or inc.get("date")
            if not pub:
                continue
            out.setdefault(m["id"], {"id": r["id"], "url": r["url"], "source": r["source"], "published": pub, "text": r["text"]})
    return out


def run_once(rasd, recs, seed):
    order = sorted(recs)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as fh:
            for k in order:
                fh.write(json.dumps(recs[k], ensure_ascii=False) + "\n")
        db = os.path.join(d, "db")
        subprocess.run([rasd, "ingest", inp, "--db", db, "--threads", "1"], check=True, capture_output=True)
        p = subprocess.run([rasd, "events", "--db", db, "--format", "jsonl", "--include-background"], check=True, capture_output=True, text=True)
    events = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return events


def score(events, incidents, recs, near, errors):
    arts = set(recs)
    # Gold: article -> incidents (kept ones with a date only).
    gold_pairs = {}
    inc_members = {}
    for inc in incidents:
        if inc.get("_out"):
            continue
        ms = sorted({m["id"] for m in inc["members"] if m["id"] in arts})
        inc_members[inc["incident"]] = (inc, ms)
        for a, b in itertools.combinations(ms, 2):
            gold_pairs.setdefault((a, b), []).append(inc)
    scope = {a for _, ms in inc_members.values() for a in ms}
    # Predicted: pairs of in-scope articles sharing an event (with that event's type).
    pred_pairs = {}
    for e in events:
        srcs = sorted({s["article_id"] for s in e["sources"] if s["article_id"] in scope})
        for a, b in itertools.combinations(srcs, 2):
            pred_pairs.setdefault((a, b), set()).add(e["event_type"])
    tp_r = sum(1 for p, incs in gold_pairs.items() if any(i["event_type"] in pred_pairs.get(p, ()) for i in incs))
    recall = tp_r / len(gold_pairs) if gold_pairs else 1.0
    tp_p = sum(1 for p in pred_pairs if p in gold_pairs)
    precision = tp_p / len(pred_pairs) if pred_pairs else 1.0
    # B-cubed over (article, incident).
    bp, br, n = 0.0, 0.0, 0
    for name, (inc, ms) in inc_members.items():
        for a in ms:
            s = {a}
            for (x, y), types in pred_pairs.items():
                if inc["event_type"] in types and a in (x, y):
                    s.add(y if x == a else x)
            g = set(ms)
            bp += len(s & g) / len(s)
            br += len(s & g) / len(g)
            n += 1
    # Near misses merged.
    nm = [(min(x["a"], x["b"]), max(x["a"], x["b"])) for x in near]
    nm = [p for p in nm if p[0] in scope and p[1] in scope]
    nm_merged = [p for p in nm if p in pred_pairs and p not in gold_pairs]
    if errors:
        for p, incs in sorted(gold_pairs.items()):
            if not any(i["event_type"] in pred_pairs.get(p, ()) for i in incs):
                print(f"  missed pair {p[0]} + {p[1]}: {incs[0]['incident']} ({incs[0]['event_type']}, {incs[0].get('location')})")
        for p in sorted(pred_pairs):
            if p not in gold_pairs:
                print(f"  false pair {p[0]} + {p[1]} ({', '.join(sorted(pred_pairs[p]))})")
    return {
        "incidents": len(inc_members),
        "multi_article_incidents": sum(1 for _, ms in inc_members.values() if len(ms) > 1),
        "articles": len(scope),
        "gold_pairs": len(gold_pairs),
        "pred_pairs": len(pred_pairs),
        "pairwise_precision": round(precision, 3),
        "pairwise_recall": round(recall, 3),
        "bcubed_precision": round(bp / n, 3) if n else 1.0,
        "bcubed_recall": round(br / n, 3) if n else 1.0,
        "near_miss_pairs": len(nm),
        "near_misses_merged": len(nm_merged),
    }


def partition(events):
    return sorted(tuple(sorted(s["article_id"] for s in e["sources"])) + (e["event_type"],) for e in events)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasd", default=os.path.join(ROOT, "target/release/rasd"))
    ap.add_argument("--texts", required=True)
    ap.add_argument("--orders", type=int, default=3)
    ap.add_argument("--split", default="all", choices=["all", "tune", "heldout"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    texts, incidents, near = load(args)
    recs = records(texts, incidents)
    results, parts = [], []
    for k in range(args.orders):
        ev = run_once(args.rasd, recs, seed=k)
        results.append(score(ev, incidents, recs, near, args.errors and k == 0))
        parts.append(partition(ev))
    deterministic = all(p == parts[0] for p in parts)
    out = dict(results[0], orders=args.orders, deterministic=deterministic, split=args.split)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for k, v in out.items():
            print(f"{k:24} {v}")
    if not deterministic:
        for k, r in enumerate(results):
            print(f"order {k}: P {r['pairwise_precision']} R {r['pairwise_recall']}", file=sys.stderr)


if __name__ == "__main__":
    main()

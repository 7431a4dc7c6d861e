#!/usr/bin/env python3
"""Runs judged queries through `porchlight search --json` and prints success@1, success@3 and
MRR (mean reciprocal rank of the first answering page, 0 when it is not in the top 10), per
kind of query and overall.

usage: score.py PORCHLIGHT_BINARY SITE_FOLDER QUERIES.tsv [--misses]
       score.py --results RESULTS.json QUERIES.tsv [--misses]
         (RESULTS.json: {"query": ["page URL", ...]} from another engine, e.g. pagefind.sh)
"""
import json
import subprocess
import sys
from collections import defaultdict


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    if sys.argv[1] == "--results":
        with open(sys.argv[2], encoding="utf-8") as f:
            given = json.load(f)
        ranked = lambda query: given[query]
    else:
        binary, site = sys.argv[1:3]

        def ranked(query):
            out = subprocess.run(
                [binary, "search", query, "--out", site, "--json", "--limit", "10"],
                capture_output=True, text=True, check=True,
            ).stdout
            return [json.loads(l)["url"] for l in out.splitlines() if l.strip()]
    queries = sys.argv[3]
    show_misses = "--misses" in sys.argv[4:]
    rows = []
    with open(queries, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{queries}: line {n}: expected kind<TAB>query<TAB>urls, got {line!r}")
            kind, query, urls = parts
            rows.append((kind, query, [u.strip() for u in urls.split(",") if u.strip()]))
    by_kind = defaultdict(list)
    for kind, query, want in rows:
        got = [u.split("#")[0] for u in ranked(query)][:10]
        rank = next((i + 1 for i, u in enumerate(got) if u in want), None)
        by_kind[kind].append(rank)
        if show_misses and rank != 1:
            print(f"  {kind:8} {query!r}: rank {rank or '-'}; top: {got[:3]}")
    print(f"{'kind':10} {'queries':>7} {'s@1':>6} {'s@3':>6} {'MRR':>6}")
    every = []
    for kind in sorted(by_kind):
        ranks = by_kind[kind]
        every += ranks
        report(kind, ranks)
    report("all", every)


def report(name, ranks):
    n = len(ranks)
    s1 = sum(1 for r in ranks if r == 1) / n
    s3 = sum(1 for r in ranks if r and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r) / n
    print(f"{name:10} {n:7} {s1:6.3f} {s3:6.3f} {mrr:6.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""docs/results.md's parity table from docs/results/parity.jsonl (scripts/dev/results/twin_parity.sh): genzoo against its
PyTorch twin, the same steps, data and recipe, scored by the same `genzoo eval --samples`; one row per model and
implementation with every seed's value, so the spread over seeds (the noise) stands beside the difference. The kept
lines also hold each run's wall time, which is no speed measurement: these runs share the machine with other work.
Speed is measured by scripts/bench_twin.sh."""
import json
import os
import statistics

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "docs", "results", "parity.jsonl")
rows = [json.loads(l) for l in open(path) if l.strip()]
latest = {}
for r in rows:  # the newest line of each (model, data, steps, recipe, seed, impl) counts
    recipe = f"{r['n_critic']}, {r['lr']:g}"
    latest[(r["model"], r["data"], r["steps"], recipe, r["seed"], r["impl"])] = r
keys = sorted({k[:4] for k in latest})
print("| model | data | steps | critic passes, lr | impl | seeds | FLD per seed | FLD mean | precision | recall "
      "| class entropy | largest class |")
print("|---|---|---:|---|---|---|---|---:|---:|---:|---:|---:|")
for model, data, steps, recipe in keys:
    for impl in ("genzoo", "twin"):
        rs = sorted((r for k, r in latest.items() if k[:4] == (model, data, steps, recipe) and k[5] == impl),
                    key=lambda r: r["seed"])
        if not rs:
            continue
        mean = lambda f: statistics.mean(r[f] for r in rs)
        print(f"| {model} | {data} | {steps} | {recipe} | {impl} | {', '.join(str(r['seed']) for r in rs)} "
              f"| {', '.join(format(r['fld'], '.2f') for r in rs)} | {mean('fld'):.2f} | {mean('precision'):.3f} "
              f"| {mean('recall'):.3f} | {mean('class_entropy'):.3f} | {mean('largest_class_share'):.3f} |")

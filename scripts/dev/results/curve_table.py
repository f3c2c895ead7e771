#!/usr/bin/env python3
"""docs/results.md's score-against-steps table of one run: every `--eval-every` line of RUN/metrics.jsonl as a
markdown row (the newest line of a step counts, so a resumed run's repeated scores appear once). With a generator
average, --raw gives the trained generator's precision, recall and class scores instead of the average's.
    python3 scripts/dev/results/curve_table.py runs/convergence-wgan-gp-fashion-mnist --raw"""
import json
import sys

evals = {}
for line in open(sys.argv[1] + "/metrics.jsonl"):
    r = json.loads(line)
    if r["type"] == "eval":
        evals[r["step"]] = r
average = any("eval/raw_fld" in r for r in evals.values())
raw = average and "--raw" in sys.argv  # the other columns of the trained generator, not the average
if average:
    of = " (trained G)" if raw else " (average)"
    print(f"| step | FLD (average) | FLD (trained G) | precision{of} | recall{of} | class entropy{of} "
          f"| largest class{of} |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
else:
    print("| step | FLD | precision | recall | class entropy | largest class |")
    print("|---:|---:|---:|---:|---:|---:|")
for step, r in sorted(evals.items()):
    p = "eval/raw_" if raw else "eval/"
    cells = [f"{r['eval/fld']:.2f}"] + ([f"{r['eval/raw_fld']:.2f}"] if average else [])
    cells += [f"{r[p + 'precision']:.3f}", f"{r[p + 'recall']:.3f}", f"{r[p + 'class_entropy']:.3f}",
              f"{r[p + 'largest_class_share']:.3f}"]
    print(f"| {step} | " + " | ".join(cells) + " |")

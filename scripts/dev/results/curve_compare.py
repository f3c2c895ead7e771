#!/usr/bin/env python3
"""docs/results.md's side-by-side curves: the `--eval-every` scores of several runs by step, one column group per run
(FLD of the generator average, FLD of the trained generator where the run keeps an average, precision, recall); the
newest line of a step counts, so a resumed run's repeated scores appear once.
    python3 scripts/dev/results/curve_compare.py runs/emoji-gan-32px-plain runs/emoji-gan-32px-diffaugment"""
import json
import os
import sys


def evals(run):
    out = {}
    for line in open(os.path.join(run, "metrics.jsonl")):
        r = json.loads(line)
        if r["type"] == "eval":
            out[r["step"]] = r
    return out


runs = {os.path.basename(os.path.normpath(r)): evals(r) for r in sys.argv[1:]}
steps = sorted(set().union(*runs.values()))
head = ["step"]
for name in runs:
    head += [f"{name} FLD", f"FLD (trained G)", "precision", "recall"]
print("| " + " | ".join(head) + " |")
print("|" + "---:|" * len(head))
for step in steps:
    cells = [str(step)]
    for r in runs.values():
        e = r.get(step)
        if e is None:
            cells += ["–"] * 4
            continue
        cells += [f"{e['eval/fld']:.2f}", f"{e['eval/raw_fld']:.2f}" if "eval/raw_fld" in e else "–",
                  f"{e['eval/precision']:.3f}", f"{e['eval/recall']:.3f}"]
    print("| " + " | ".join(cells) + " |")

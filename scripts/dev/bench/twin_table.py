#!/usr/bin/env python3
"""README's speed table: genzoo against its twin over every run kept in docs/bench/twin-*.json (scripts/dev/bench/bench_twin.sh),
as the range of the ratio over runs, with each run's machine facts beneath.

  python3 scripts/dev/bench/twin_table.py            # prints Markdown
"""
import glob
import json
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
runs = [json.load(open(f)) | {"file": os.path.basename(f)}
        for f in sorted(glob.glob(os.path.join(root, "docs", "bench", "twin-*.json")))]
# A model whose recipe (the trainer options each run records) or genzoo's Adam step (LibTorch's before the one-pass
# step of optim/adam.h; runs before it record none) changed between runs gets a row per recipe: the newest run's
# under the bare name, an older one's named by what differs from it.
# The one-pass step never ran for the GAN family (its channels-last weights take LibTorch's step; docs/performance.md
# "Per-operator profiles"), although runs before genzoo bench checked the parameters recorded "one-pass" for it too.
def recipe_of(model, entry):
    adam = "libtorch" if model in ("gan", "lsgan", "wgan-gp") else entry.get("adam", "libtorch")
    return entry["trainer_options"] | {"adam": adam}
newest = {m: recipe_of(m, v) for r in runs for m, v in r["summary"].items()}
for r in runs:
    for model in list(r["summary"]):
        recipe = recipe_of(model, r["summary"][model])
        if recipe != newest[model]:
            differs = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
                                for k, v in sorted(recipe.items()) if newest[model].get(k) != v)
            r["summary"][f"{model} ({differs})"] = r["summary"].pop(model)
models = list(dict.fromkeys(m for r in runs for m in r["summary"]))
print(f"| model | genzoo / best twin ({len(runs)} runs) | genzoo images/s | best twin images/s | twin's best config |")
print("|---|---:|---:|---:|---|")
for model in models:
    rs = [r for r in runs if model in r["summary"]]
    ratios = [r["summary"][model]["ratio_to_best_twin"] for r in rs]
    meds = [r["summary"][model]["median_images_per_s"] for r in rs]
    g = [m["genzoo"] for m in meds]
    t = [max(v for k, v in m.items() if k != "genzoo") for m in meds]
    best = sorted({max((k for k in m if k != "genzoo"), key=m.get) for m in meds})
    print(f"| {model} | {min(ratios):.2f}–{max(ratios):.2f}× | {min(g):,.0f}–{max(g):,.0f} | {min(t):,.0f}–{max(t):,.0f} "
          f"| {', '.join(best)} |")
print()
fmt = lambda v: "–" if v is None else f"{v:.0f}"
for r in runs:
    m = r["machine"]
    print(f"- `{r['file']}` ({r['time']}): {m['cpu']}, {m['nproc']} cores, OpenBLAS {m['openblas'].get('core', '?')}, "
          f"matmul {fmt(m['matmul_gflops']['1_thread'])} / {fmt(m['matmul_gflops']['2_threads'])} GFLOP/s on 1 / 2 "
          f"threads, load average after {m['loadavg_after'][0]:.2f}")

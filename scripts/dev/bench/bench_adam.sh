#!/usr/bin/env bash
# genzoo's one-pass Adam step (optim/adam.h FusedAdam) against LibTorch's own (GENZOO_FUSED_ADAM=0), side by side
# in one run: `genzoo bench --breakdown` per model, the two settings interleaved over rounds. Writes
# docs/bench/adam-<UTC time>.json: the machine, every measurement, the medians and ratios.
#   bash scripts/dev/bench/bench_adam.sh [rounds] [models...]     (default 4 rounds of vae beta-vae gan wgan-gp; ~5 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/dev/bench/bench_lib.sh
rounds=${1:-4}
shift || true
models=${*:-vae beta-vae gan wgan-gp}
out=docs/bench/adam-$(date -u +%Y%m%dT%H%M).json
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
setting_env() { if [ "$1" = torch ]; then echo GENZOO_FUSED_ADAM=0; else echo GENZOO_FUSED_ADAM=1; fi; }
bench_interleaved "$rounds" "$models" "torch fused" adam "$lines" --breakdown
PYTHONPATH=scripts python3 - "$lines" "$out" <<'PY'
import json, statistics, sys
from bench_json import write_bench
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = {}
for model in dict.fromkeys(r["model"] for r in rows):
    of = lambda s: [r for r in rows if r["model"] == model and r["adam"] == s]
    med = {s: statistics.median(r["images_per_s"] for r in of(s)) for s in ("torch", "fused")}
    opt = {s: statistics.median(r["ms"]["optimizer"] for r in of(s)) for s in ("torch", "fused") if "optimizer" in of(s)[0]["ms"]}
    summary[model] = {"median_images_per_s": med, "fused_over_torch": med["fused"] / med["torch"],
                      "images_per_s_range": {s: [min(r["images_per_s"] for r in of(s)), max(r["images_per_s"] for r in of(s))]
                                             for s in ("torch", "fused")}}
    line = (f"{model:8} images/s  LibTorch Adam {med['torch']:8.0f}   one-pass Adam {med['fused']:8.0f} "
            f"({summary[model]['fused_over_torch']:.2f}x)")
    if opt:
        summary[model]["median_optimizer_ms"] = opt
        line += f"   optimizer step {opt['torch']:.2f} -> {opt['fused']:.2f} ms"
    print(line)
write_bench(sys.argv[2], summary, rows)
PY

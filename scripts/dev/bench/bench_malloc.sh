#!/usr/bin/env bash
# The allocator setting genzoo applies at start-up (core/runtime.h configure_allocator), side by side in one run:
# glibc's defaults (GENZOO_MALLOPT=0), genzoo's mallopt, and the same through GLIBC_TUNABLES, interleaved over
# rounds. Writes docs/bench/malloc-<UTC time>.json: the machine, every measurement, the medians and ratios.
#   bash scripts/dev/bench/bench_malloc.sh [rounds]        (default 4; about 2 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/dev/bench/bench_lib.sh
rounds=${1:-4}
tunables="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
out=docs/bench/malloc-$(date -u +%Y%m%dT%H%M).json
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
setting_env() {
  case $1 in
    glibc-default) echo GENZOO_MALLOPT=0 ;;
    mallopt) echo GENZOO_MALLOPT=1 ;;
    tunables) echo GENZOO_MALLOPT=0 GLIBC_TUNABLES=$tunables ;;
  esac
}
MLP_STEPS=200 bench_interleaved "$rounds" "vae gan" "glibc-default mallopt tunables" setting "$lines"
PYTHONPATH=scripts python3 - "$lines" "$out" <<'PY'
import json, statistics, sys
from bench_json import write_bench
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = {}
for model in sorted({r["model"] for r in rows}):
    med = {s: statistics.median(r["images_per_s"] for r in rows if r["model"] == model and r["setting"] == s)
           for s in ("glibc-default", "mallopt", "tunables")}
    summary[model] = {"median_images_per_s": med, "mallopt_over_default": med["mallopt"] / med["glibc-default"],
                      "tunables_over_default": med["tunables"] / med["glibc-default"]}
    print(f"{model:4} images/s  glibc default {med['glibc-default']:8.0f}   mallopt {med['mallopt']:8.0f} "
          f"({summary[model]['mallopt_over_default']:.2f}x)   GLIBC_TUNABLES {med['tunables']:8.0f} "
          f"({summary[model]['tunables_over_default']:.2f}x)")
write_bench(sys.argv[2], summary, rows)
PY

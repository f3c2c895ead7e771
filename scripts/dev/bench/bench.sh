#!/usr/bin/env bash
# Training throughput (images/s) of registered models, with thread settings compared side by side in one run.
# Usage: scripts/dev/bench/bench.sh [model ...]   (default: every registered model). Prints one JSON line per measurement
# and a summary of medians; the settings are interleaved over rounds so that machine noise hits them alike.
set -euo pipefail
cd "$(dirname "$0")/../../.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
data=${GENZOO_BENCH_DATA:-fashion-mnist}
rounds=${GENZOO_BENCH_ROUNDS:-3}
steps=${GENZOO_BENCH_STEPS:-}
cores=$(nproc)
models=("$@")
if ((${#models[@]} == 0)); then mapfile -t models < <("$genzoo" list | awk '{print $1}'); fi

# torch threads : OpenBLAS threads
settings=("$cores:1" "$cores:$cores" "1:1" "1:$cores")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for model in "${models[@]}"; do
  for ((r = 1; r <= rounds; r++)); do
    for s in "${settings[@]}"; do
      args=(bench "$model" --data "$data" --threads "${s%%:*}" --blas-threads "${s##*:}")
      if [ -n "$steps" ]; then args+=(--steps "$steps"); fi
      "$genzoo" "${args[@]}" | tee -a "$out"
    done
  done
done

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
groups = {}
for r in rows:
    groups.setdefault((r["model"], r["threads"], r["blas_threads"]), []).append(r["images_per_s"])
print("\nmodel       torch  blas  images/s (median)  runs")
for (model, t, b), v in groups.items():
    print(f"{model:<10} {t:>6} {b:>5} {statistics.median(v):>18.0f}  {len(v)}")
PY

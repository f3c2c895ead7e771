#!/usr/bin/env bash
# genzoo against its PyTorch-Python twin (tools/bench/twin.py): same networks, batch, optimiser, threads and data.
# Runs them in turn, several rounds, and prints the ratio of median images/s per model. The twin runs with
# OPENBLAS_NUM_THREADS=1 and =2 and its faster setting counts.
# Usage: scripts/bench_twin.sh [model ...]   (env: GENZOO_BENCH_ROUNDS=3, GENZOO_BENCH_STEPS=<per model>)
set -euo pipefail
cd "$(dirname "$0")/.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
python=/usr/bin/python3  # Debian's python3-torch: the same LibTorch 1.13 build as libtorch-dev
if ! "$python" -c "import torch" 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -qq --no-install-recommends python3-torch
fi
data_dir=${GENZOO_BENCH_DATA_DIR:-/usr/share/datasets/fashion-mnist}
rounds=${GENZOO_BENCH_ROUNDS:-3}
threads=${GENZOO_BENCH_THREADS:-$(nproc)}
models=("$@")
if ((${#models[@]} == 0)); then models=(vae beta-vae gan lsgan wgan-gp); fi

steps_for() {
  if [ -n "${GENZOO_BENCH_STEPS:-}" ]; then echo "$GENZOO_BENCH_STEPS"; return; fi
  case "$1" in vae) echo 300 ;; beta-vae) echo 60 ;; *) echo 25 ;; esac
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for model in "${models[@]}"; do
  steps=$(steps_for "$model")
  for ((r = 1; r <= rounds; r++)); do
    "$genzoo" bench "$model" --data fashion-mnist --data-dir "$data_dir" --steps "$steps" --threads "$threads" |
      "$python" -c 'import json,sys; j=json.load(sys.stdin); j["impl"]="genzoo"; print(json.dumps(j))' | tee -a "$out"
    for blas in 1 2; do
      OPENBLAS_NUM_THREADS=$blas "$python" tools/bench/twin.py "$model" --data-dir "$data_dir" --steps "$steps" \
        --threads "$threads" | tee -a "$out"
    done
  done
done

"$python" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = {}
for r in rows:
    key = (r["model"], r["impl"], r["blas_threads"] if r["impl"] == "python" else 0)
    med.setdefault(key, []).append(r["images_per_s"])
print("\nmodel      genzoo img/s  twin img/s (OPENBLAS=1 / 2)  ratio genzoo/best twin")
for model in dict.fromkeys(r["model"] for r in rows):
    g = statistics.median(med[(model, "genzoo", 0)])
    t1 = statistics.median(med[(model, "python", 1)])
    t2 = statistics.median(med[(model, "python", 2)])
    print(f"{model:<10} {g:>12.0f}  {t1:>10.0f} / {t2:<10.0f}     {g / max(t1, t2):>6.2f}x")
PY

#!/usr/bin/env bash
# Score-against-steps curves past the 2-core budget, on a GPU: what would longer training buy? Trains the GAN family
# on both datasets side by side on one CUDA device, each for STEPS steps with `--eval-every`, all stopped (Ctrl-C's
# clean stop) at a deadline, and prints each run's eval lines (scripts/dev/results/curve_table.py). docs/results.md's "Training on
# CUDA" section comes from it. The recipes are the CPU ones; only the device differs.
#   GENZOO=/tmp/genzoo-libtorch2/genzoo bash scripts/dev/results/gpu_curves.sh 30000 300   # steps, seconds
# Env: MODELS (default "gan lsgan wgan-gp"), DATASETS (default "mnist fashion-mnist"), EVAL_EVERY (default 2000),
# RUNS (where the runs go, default runs/gpu), THREADS (torch threads per run, default 2).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
steps=$1 seconds=$2
runs=${RUNS:-runs/gpu}
mkdir -p "$runs"
pids=()
for data in ${DATASETS:-mnist fashion-mnist}; do
  for model in ${MODELS:-gan lsgan wgan-gp}; do
    run=$runs/$model-$data
    rm -rf "$run"
    timeout -s INT -k 60 "$seconds" "$genzoo" train "$model" --data "$data" --steps "$steps" --seed 0 \
      --device cuda --threads "${THREADS:-2}" --eval-every "${EVAL_EVERY:-2000}" --tensorboard off --out "$run" \
      >"$run.log" 2>&1 &
    pids+=($!)
  done
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
for log in "$runs"/*.log; do
  run=${log%.log}
  echo "## $(basename "$run") ($(grep -c '"type":"eval"' "$run/metrics.jsonl" 2>/dev/null || echo 0) evals)"
  python3 scripts/dev/results/curve_table.py "$run" || tail -n 3 "$log"
done

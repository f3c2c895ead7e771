#!/usr/bin/env bash
# Reproduces the README's results table: trains a model for its recipe's epochs on mnist and fashion-mnist,
# reports the held-out metrics of the last epoch and the mean seconds per epoch, and copies the sample grids
# to docs/. Usage: scripts/results.sh [model] [extra train flags...]  (env GENZOO_RESULTS_DATA: datasets to use)
set -euo pipefail
cd "$(dirname "$0")/.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
model=${1:-vae}
shift || true
[ -f data/mnist/train-images-idx3-ubyte.gz ] || "$genzoo" fetch mnist
mkdir -p docs/results
for data in ${GENZOO_RESULTS_DATA:-mnist fashion-mnist}; do
  run=runs/results-$model-$data
  rm -rf "$run"
  "$genzoo" train "$model" --data "$data" --seed 0 --out "$run" "$@" | tail -n 3
  "$genzoo" sample "$run" --n 64 --nrow 8 --seed 0 --out "docs/results/$model-$data.png"
  python3 - "$run/metrics.jsonl" "$model" "$data" <<'PY'
import json, sys
epochs = [l for l in map(json.loads, open(sys.argv[1])) if l["type"] == "epoch"]
last = epochs[-1]
tests = {k: round(v, 2) for k, v in last.items() if k.startswith("test/")}
secs = sum(e["train_seconds"] for e in epochs) / len(epochs)
print(json.dumps({"model": sys.argv[2], "data": sys.argv[3], "epochs": last["epoch"], "steps": last["step"],
                  "train_seconds_per_epoch": round(secs, 2), **tests}))
PY
done

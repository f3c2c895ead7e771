#!/usr/bin/env bash
# Reproduces the README's results table: trains a model for its recipe's epochs on mnist and fashion-mnist,
# reports the held-out metrics of the last epoch and the mean seconds per epoch, and copies the sample grids
# to docs/ (for VAEs also a latent traversal, and the active units in the summary).
# Usage: scripts/dev/results/results.sh [model] [extra train flags...]
# env: GENZOO_RESULTS_DATA (datasets to use), GENZOO_RESULTS_TAG (names the runs and grids; default: the model)
set -euo pipefail
cd "$(dirname "$0")/../../.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
model=${1:-vae}
shift || true
[ -f data/mnist/train-images-idx3-ubyte.gz ] || "$genzoo" fetch mnist
tag=${GENZOO_RESULTS_TAG:-$model}
mkdir -p docs/results
for data in ${GENZOO_RESULTS_DATA:-mnist fashion-mnist}; do
  run=runs/results-$tag-$data
  rm -rf "$run"
  "$genzoo" train "$model" --data "$data" --seed 0 --out "$run" "$@" | tail -n 3
  "$genzoo" sample "$run" --n 64 --nrow 8 --seed 0 --out "docs/results/results-$tag-$data.png"
  case "$model" in
    vae | beta-vae) "$genzoo" traverse "$run" --out "docs/results/results-$tag-$data-traverse.png" ;;
  esac
  "$genzoo" info "$run" --json >"$run/info.json"
  python3 - "$run/metrics.jsonl" "$run/info.json" "$tag" "$data" <<'PY'
import json, sys
epochs = [l for l in map(json.loads, open(sys.argv[1])) if l["type"] == "epoch"]
info = json.load(open(sys.argv[2]))
last = epochs[-1]
tests = {k: round(v, 2) for k, v in last.items() if k.startswith("test/") and not k.startswith("test/kl/")}
secs = sum(e["train_seconds"] for e in epochs) / len(epochs)
active = info.get("active_units")
extra = {"active_units": active["count"]} if isinstance(active, dict) else {}
print(json.dumps({"model": sys.argv[3], "data": sys.argv[4], "epochs": last["epoch"], "steps": last["step"],
                  "train_seconds_per_epoch": round(secs, 2), **tests, **extra}))
PY
done

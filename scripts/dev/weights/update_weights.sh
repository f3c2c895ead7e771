#!/usr/bin/env bash
# Exports one trained model into weights/<name>-<data>.safetensors and writes its weights/manifest.json entry
# (file, SHA-256, data, epochs, steps, seed, the command that trained it, its training time, parameters, options, a
# 10,000-sample eval),
# and draws README's grid of it (docs/results/<name>-<data>.png, 64 samples, seed 0; a VAE's traversal beside it).
#   bash scripts/dev/weights/update_weights.sh gan runs/convergence-gan-mnist/best.pt "bash scripts/dev/results/convergence.sh mnist 8000 gan"
#   EXPORT_ARGS=--no-average bash scripts/dev/weights/update_weights.sh wgan-gp runs/convergence-wgan-gp-mnist "..."
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/dev/weights/weights_lib.sh
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
name=$1 source=$2 command=$3
run=$(dirname "$source")
[ -d "$source" ] && run=$source
data=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"])' "$run/config.json")
file=$name-$data.safetensors
# EXPORT_ARGS (e.g. --no-average) go to export; the exported file, what ships, is what gets scored.
"$genzoo" export "$source" ${EXPORT_ARGS:-} --out "weights/$file" >&2
weights_eval "weights/$file" "$run/eval.json"
"$genzoo" info "weights/$file" --json >"$run/export-info.json"
"$genzoo" sample "weights/$file" --n 64 --nrow 8 --seed 0 --out "docs/results/$name-$data.png" >&2  # README's grid
case $name in  # README's traversal: test image 0, a row per latent dimension
  vae | beta-vae) "$genzoo" traverse "weights/$file" --out "docs/results/$name-$data-traverse.png" >&2 ;;
esac
python3 scripts/dev/weights/manifest.py entry "$name" "$file" "$run" "$command" "${EXPORT_ARGS:-}"

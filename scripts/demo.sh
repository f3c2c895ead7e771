#!/usr/bin/env bash
# Sets up, builds, fetches 10,000 real MNIST digits, trains a VAE and writes a grid of samples.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo

[ -f data/mnist/train-images-idx3-ubyte.gz ] || "$genzoo" fetch mnist
run=runs/vae-demo
if [ -f "$run/checkpoint.pt" ]; then
  "$genzoo" train --resume "$run" --epochs 10  # finishes an interrupted run; a finished one has nothing left
else
  "$genzoo" train vae --data mnist --epochs 10 --out "$run"
fi
"$genzoo" sample "$run" --n 64 --nrow 8 --seed 0 --out "$run/grid.png"
"$genzoo" info "$run"

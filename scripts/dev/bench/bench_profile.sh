#!/usr/bin/env bash
# Where a model's training step spends its time, per LibTorch operator: `genzoo bench MODEL --profile` over the
# recipe's batch on fashion-mnist (2 threads), summed by scripts/profile_table.py. docs/performance.md's per-operator
# tables come from it. The profiler's own overhead slows the steps a little: read the shares.
# Usage: scripts/dev/bench/bench_profile.sh MODEL [STEPS]   (default steps: 300 vae, 60 beta-vae, 25 GAN family)
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
model=$1
case $model in vae) default=300 ;; beta-vae) default=60 ;; *) default=25 ;; esac
steps=${2:-$default}
trace=$(mktemp --suffix=.json)
trap 'rm -f "$trace"' EXIT
"$genzoo" bench "$model" --data fashion-mnist --threads 2 --steps "$steps" --profile "$trace"
python3 scripts/dev/bench/profile_table.py "$trace" --steps "$steps"

#!/usr/bin/env bash
# DiffAugment on emoji: two runs of the gan recipe at 32 px, seed 0, equal steps, one core each side by side, scored
# every 1,000 steps (2,000 samples, FLD in weights/classifier-emoji.pt's features): runs/emoji-gan-32px-plain and
# runs/emoji-gan-32px-diffaugment, whose metrics.jsonl hold the curves (docs/results.md, "DiffAugment on emoji").
#   nohup bash scripts/dev/results/diffaugment_compare.sh 7000 > /dev/null 2>&1 &     (about an hour on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
steps=${1:-7000}
common="--eval-every 1000 --threads 1"
TRAIN_ARGS="$common" bash scripts/dev/results/emoji_run.sh gan 32 "$steps" plain &
TRAIN_ARGS="$common --set trainer_options.diff_augment=color,translation,cutout" \
  bash scripts/dev/results/emoji_run.sh gan 32 "$steps" diffaugment &
wait

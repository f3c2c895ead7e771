#!/usr/bin/env bash
# Trains a model on the emoji image folder (genzoo fetch emoji, fetched first when missing): runs/emoji-<model>-<size>px
# (with -TAG when a fourth argument is given), its log beside it. With CONTINUE=1 an existing run goes on to the new
# step count (`train --resume`) instead of starting over.
#   nohup bash scripts/dev/results/emoji_run.sh gan 32 15000 > /dev/null 2>&1 &     (about 45 min on 2 cores)
#   TRAIN_ARGS="--eval-every 1000 --threads 1" bash scripts/dev/results/emoji_run.sh gan 32 7000 plain
#   CONTINUE=1 bash scripts/dev/results/emoji_run.sh gan 32 14000 plain
# Env: GENZOO (binary, default build/genzoo), TRAIN_ARGS (more train flags; a resumed run keeps its own).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
model=$1 size=$2 steps=$3 tag=${4:+-$4}
[ -d data/emoji ] || "$genzoo" fetch emoji
run=runs/emoji-$model-${size}px$tag
mkdir -p runs
start=$(date +%s) before=0
if [ "${CONTINUE:-0}" = 1 ] && [ -d "$run" ]; then
  # the time the run took so far, from the last line this script wrote, so the last line holds the whole run's
  before=$(grep -Eo ': [0-9]+ s$' "$run.log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
  "$genzoo" train --resume "$run" --steps "$steps" ${RESUME_ARGS:-} >>"$run.log" 2>&1
else
  rm -rf "$run"
  "$genzoo" train "$model" --data emoji --image-size "$size" --steps "$steps" --seed 0 ${TRAIN_ARGS:-} --out "$run" \
    >"$run.log" 2>&1
fi
echo "$model emoji ${size}px, asked for $steps steps (a run stopped early says where in its log): $(( before + $(date +%s) - start )) s" >> "$run.log"

#!/usr/bin/env bash
# Score-against-steps curves: trains each named model on one dataset for STEPS steps with `--eval-every`, keeping
# best.pt, and prints the eval lines as a markdown table (scripts/dev/results/curve_table.py). docs/results.md's curves and the
# recipes' step counts come from it.
#   bash scripts/dev/results/convergence.sh mnist 8000 gan lsgan wgan-gp      (about 15-20 min a model on 2 cores)
# Env: GENZOO (binary, default build/genzoo), EVAL_EVERY (default 500), EVAL_SAMPLES (default 2000), TRAIN_ARGS
# (more train flags, e.g. "--set trainer_options.objective=\"B\""), TAG (appended to the model's name in the run
# directory, runs/convergence-<model><TAG>-<data>), FROM (a finished run of the same model and data to continue to
# STEPS instead of starting over: it is copied, then resumed; e.g. FROM=runs/convergence-wgan-gp-fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
data=$1 steps=$2
shift 2
mkdir -p runs
for model in "$@"; do
  run=runs/convergence-$model${TAG:-}-$data
  rm -rf "$run"
  start=$(date +%s)
  if [ -n "${FROM:-}" ]; then
    cp -a "$FROM" "$run"
    rm -f "$run/.lock"
    "$genzoo" train --resume "$run" --steps "$steps" >"$run.log" 2>&1
  else
    "$genzoo" train "$model" --data "$data" --steps "$steps" --seed 0 --eval-every "${EVAL_EVERY:-500}" \
      --eval-samples "${EVAL_SAMPLES:-2000}" ${TRAIN_ARGS:-} --out "$run" >"$run.log" 2>&1
  fi
  took=$(( $(date +%s) - start )) before=0
  if [ -n "${FROM:-}" ]; then  # the whole run's time: FROM's (its log's last "...: N s" line) and this part's
    before=$(grep -E ': [0-9]+ s$' "$FROM.log" | tail -1 | sed -E 's/.*: ([0-9]+) s$/\1/')
    echo "continued from $FROM after its ${before} s; this part took ${took} s." >>"$run.log"
  fi
  echo "$model $data: $(( before + took )) s" >>"$run.log"
  echo "$model on $data:"
  python3 scripts/dev/results/curve_table.py "$run"
done

#!/usr/bin/env bash
# Reproduces every file in weights/ that the manifest lists: for each shipped model, trains the run that made it
# (when runs/ does not hold it yet; minutes to an hour each on 2 cores, so run this in the background), then exports
# it, scores it with 10,000 samples and writes its manifest entry and README grid (scripts/dev/weights/update_weights.sh).
#   nohup bash scripts/dev/weights/make_weights.sh > make_weights.log 2>&1 &        # all of them
#   bash scripts/dev/weights/make_weights.sh gan.fashion-mnist                       # one, by its pretrained name
# The classifiers (weights/classifier-<data>.pt) come from `genzoo train-classifier --data <data>`.
set -euo pipefail
cd "$(dirname "$0")/../../.."

# pretrained name | the checkpoint exported | the command that trains it [| export flags]
# GANs ship their generator average as the generator (--average-only): it is what they sample, and it keeps weights/
# under 60 MiB.
shipped=(
  "vae.mnist|runs/convergence-vae-mnist/best.pt|EVAL_EVERY=1000 bash scripts/dev/results/convergence.sh mnist 20000 vae"
  "beta-vae.mnist|runs/convergence-beta-vae-mnist/best.pt|EVAL_EVERY=1000 bash scripts/dev/results/convergence.sh mnist 6000 beta-vae"
  "gan.mnist|runs/convergence-gan-16k-mnist/checkpoint.pt|EVAL_EVERY=1000 TAG=-16k bash scripts/dev/results/convergence.sh mnist 16000 gan|--average-only"
  "lsgan.mnist|runs/convergence-lsgan-16k-mnist/checkpoint.pt|EVAL_EVERY=1000 TAG=-16k bash scripts/dev/results/convergence.sh mnist 16000 lsgan|--average-only"
  "wgan-gp.mnist|runs/convergence-wgan-gp-20k-mnist/best.pt|EVAL_EVERY=1000 TAG=-16k bash scripts/dev/results/convergence.sh mnist 16000 wgan-gp && TAG=-20k FROM=runs/convergence-wgan-gp-16k-mnist bash scripts/dev/results/convergence.sh mnist 20000 wgan-gp|--average-only"
  "wgan-gp.fashion-mnist|runs/convergence-wgan-gp-16k-fashion-mnist/best.pt|EVAL_EVERY=1000 bash scripts/dev/results/convergence.sh fashion-mnist 8000 wgan-gp && TAG=-16k FROM=runs/convergence-wgan-gp-fashion-mnist bash scripts/dev/results/convergence.sh fashion-mnist 16000 wgan-gp|--average-only"
  "beta-vae.fashion-mnist|runs/convergence-beta-vae-fashion-mnist/best.pt|EVAL_EVERY=1000 bash scripts/dev/results/convergence.sh fashion-mnist 6000 beta-vae"
  "gan.fashion-mnist|runs/convergence-gan-decay-fashion-mnist/best.pt|EVAL_EVERY=1000 TAG=-decay TRAIN_ARGS='--set trainer_options.lr_decay_start=12000 --set trainer_options.lr_decay_end=16000' bash scripts/dev/results/convergence.sh fashion-mnist 16000 gan|--average-only"
  "lsgan.fashion-mnist|runs/convergence-lsgan-decay-fashion-mnist/best.pt|EVAL_EVERY=1000 TAG=-decay TRAIN_ARGS='--set trainer_options.lr_decay_start=12000 --set trainer_options.lr_decay_end=16000' bash scripts/dev/results/convergence.sh fashion-mnist 16000 lsgan|--average-only"
  "vae.fashion-mnist|runs/convergence-vae-fashion-mnist/best.pt|EVAL_EVERY=2000 bash scripts/dev/results/convergence.sh fashion-mnist 40000 vae"
  "gan.emoji|runs/emoji-gan-32px-plain/best.pt|TRAIN_ARGS='--eval-every 1000 --threads 1' bash scripts/dev/results/emoji_run.sh gan 32 6000 plain && CONTINUE=1 bash scripts/dev/results/emoji_run.sh gan 32 15000 plain|--average-only"
)

for row in "${shipped[@]}"; do
  IFS='|' read -r name source command export_args <<<"$row"
  if (($#)) && [[ " $* " != *" $name "* ]]; then continue; fi
  if [ ! -e "$source" ]; then
    echo "make_weights: $name: training ($command)" >&2
    bash -c "$command"
  fi
  note=""
  [[ $source == */best.pt ]] && note=" (best.pt, by FLD)"
  [[ $source == */checkpoint.pt ]] && note=" (the last checkpoint)"
  EXPORT_ARGS=$export_args bash scripts/dev/weights/update_weights.sh "${name%%.*}" "$source" "$command$note"
done
du -sh weights >&2

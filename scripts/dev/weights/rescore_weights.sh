#!/usr/bin/env bash
# Scores shipped weights again, in place, when `genzoo eval` changes (a new feature standardisation, a new metric):
# each file in weights/manifest.json (or each NAME given) gets a 10,000-sample eval, written into its manifest entry;
# the file, its hash, steps, command and time stay. About 30 s a GAN and 2 min a VAE (its IW bound) on 2 cores.
#   bash scripts/dev/weights/rescore_weights.sh                       # all of them
#   bash scripts/dev/weights/rescore_weights.sh gan.fashion-mnist     # one, by its pretrained name
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/dev/weights/weights_lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c 'import json; [print(m["name"], m["file"]) for m in json.load(open("weights/manifest.json"))["models"]]' |
  while read -r name file; do
    if (($#)) && [[ " $* " != *" $name "* ]]; then continue; fi
    weights_eval "weights/$file" "$tmp/eval.json"
    python3 scripts/dev/weights/manifest.py rescore "$file" "$tmp/eval.json"
  done

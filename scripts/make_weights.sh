#!/usr/bin/env bash
# Exports the mnist runs of scripts/results.sh into weights/<name>-mnist.safetensors and writes
# weights/manifest.json (name, file, SHA-256, data, epochs, steps, seed, command, parameters, options, eval scores).
# Run scripts/results.sh (and scripts/eval_results.sh for the scores) first.
set -euo pipefail
cd "$(dirname "$0")/.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
declare -A tags=([vae]=vae [beta-vae]=beta-vae-H [gan]=gan [lsgan]=lsgan [wgan-gp]=wgan-gp)
declare -A commands=(
  [vae]="bash scripts/results.sh vae"
  [beta-vae]="GENZOO_RESULTS_TAG=beta-vae-H bash scripts/results.sh beta-vae"
  [gan]="bash scripts/results.sh gan"
  [lsgan]="bash scripts/results.sh lsgan"
  [wgan-gp]="GENZOO_RESULTS_DATA=mnist bash scripts/results.sh wgan-gp")
entries=()
for name in vae beta-vae gan lsgan wgan-gp; do
  run=runs/results-${tags[$name]}-mnist
  file=$name-mnist.safetensors
  "$genzoo" export "$run" --out "weights/$file" >&2
  "$genzoo" info "weights/$file" --json >"$run/export-info.json"
  entries+=("$name|$file|$run|${commands[$name]}")
done
python3 - "${entries[@]}" >weights/manifest.json <<'PY'
import hashlib, json, sys
models = []
for e in sys.argv[1:]:
    name, file, run, command = e.split("|")
    info = json.load(open(run + "/export-info.json"))
    config = json.load(open(run + "/config.json"))
    epochs = [l for l in map(json.loads, open(run + "/metrics.jsonl")) if l["type"] == "epoch"]
    try:
        ev = json.load(open(run + "/eval.json"))
        s = ev["samples"]
        scores = {"fld_lenet": s["fld_lenet"], "kid": s["kid"]["mean"], "precision": s["precision"],
                  "recall": s["recall"], "class_entropy_nats": s["coverage"]["entropy_nats"]}
        if "likelihood" in ev:
            scores["nelbo"] = ev["likelihood"]["nelbo"]
            scores["iw_nll"] = ev["likelihood"]["iw_nll"]
    except FileNotFoundError:
        scores = None
    models.append({
        "name": name, "file": file,
        "sha256": hashlib.sha256(open("weights/" + file, "rb").read()).hexdigest(),
        "data": config["data"], "epochs": epochs[-1]["epoch"], "steps": epochs[-1]["step"], "seed": config["seed"],
        "command": command, "parameters": info["parameters"], "model_options": info["model_options"],
        "eval": scores})
print(json.dumps({"models": models}, indent=2))
PY
du -sh weights >&2

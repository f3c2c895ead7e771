#!/usr/bin/env bash
# Exports one trained model into weights/<name>-<data>.safetensors and writes its weights/manifest.json entry
# (file, SHA-256, data, epochs, steps, seed, the command that trained it, its training time, parameters, options, a
# 10,000-sample eval),
# and draws README's grid of it (docs/results/<name>-<data>.png, 64 samples, seed 0; a VAE's traversal beside it).
#   bash scripts/update_weight.sh gan runs/convergence-gan-mnist/best.pt "bash scripts/convergence.sh mnist 8000 gan"
#   EXPORT_ARGS=--no-average bash scripts/update_weight.sh wgan-gp runs/convergence-wgan-gp-mnist "..."
set -euo pipefail
cd "$(dirname "$0")/.."
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
name=$1 source=$2 command=$3
run=$(dirname "$source")
[ -d "$source" ] && run=$source
data=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"])' "$run/config.json")
file=$name-$data.safetensors
# EXPORT_ARGS (e.g. --no-average) go to export; the exported file, what ships, is what gets scored.
"$genzoo" export "$source" ${EXPORT_ARGS:-} --out "weights/$file" >&2
"$genzoo" eval "weights/$file" --n 10000 --iw-images 100 --json >"$run/eval.json"
"$genzoo" info "weights/$file" --json >"$run/export-info.json"
"$genzoo" sample "weights/$file" --n 64 --nrow 8 --seed 0 --out "docs/results/$name-$data.png" >&2  # README's grid
case $name in  # README's traversal: test image 0, a row per latent dimension
  vae | beta-vae) "$genzoo" traverse "weights/$file" --out "docs/results/$name-$data-traverse.png" >&2 ;;
esac
python3 - "$name" "$file" "$run" "$command" "${EXPORT_ARGS:-}" <<'PY'
import hashlib, json, math, sys
name, file, run, command, export_args = sys.argv[1:]
info = json.load(open(run + "/export-info.json"))
config = json.load(open(run + "/config.json"))
ev = json.load(open(run + "/eval.json"))
epoch_lines = [l for l in map(json.loads, open(run + "/metrics.jsonl")) if l["type"] == "epoch"]
steps = info["steps"]
steps_per_epoch = epoch_lines[0]["step"] if epoch_lines else steps
s, f = ev["samples"], ev["floor_train_images"]
scores = {"fld_lenet": s["fld_lenet"], "kid": s["kid"]["mean"], "precision": s["precision"], "recall": s["recall"],
          "class_entropy_nats": s["coverage"]["entropy_nats"],
          "largest_class_share": s["coverage"]["largest_class_share"], "floor_fld_lenet": f["fld_lenet"],
          "feature_space": ev["feature_space"]}
if "likelihood" in ev:
    scores["nelbo"], scores["iw_nll"] = ev["likelihood"]["nelbo"], ev["likelihood"]["iw_nll"]
entry = {"name": name + "." + config["data"], "file": file, "sha256": hashlib.sha256(open("weights/" + file, "rb").read()).hexdigest(),
         "data": config["data"], "epochs": math.ceil(steps / steps_per_epoch), "steps": steps, "seed": config["seed"],
         "command": command + (f"; genzoo export {export_args}" if export_args else ""),
         "parameters": info["parameters"], "model_options": info["model_options"], "eval": scores}
# Time: the training steps' own time up to the exported step (metrics.jsonl's epoch lines), and the whole run's wall
# time (scores, checkpoints and reports included) where scripts/convergence.sh logged it beside the run.
entry["train_seconds"] = round(sum(l["train_seconds"] for l in epoch_lines if l["step"] <= steps), 1)
try:
    last = [l for l in open(run.rstrip("/") + ".log") if l.rstrip().endswith(" s") and ": " in l][-1]
    entry["wall_seconds"] = int(last.rsplit(": ", 1)[1].split()[0])
except (OSError, IndexError, ValueError):
    pass
manifest = json.load(open("weights/manifest.json"))
manifest["models"] = [m for m in manifest["models"] if m["name"] != entry["name"]] + [entry]
manifest["models"].sort(key=lambda m: m["name"])
open("weights/manifest.json", "w").write(json.dumps(manifest, indent=2) + "\n")
print(json.dumps(entry, indent=2))
PY

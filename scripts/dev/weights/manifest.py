#!/usr/bin/env python3
"""weights/manifest.json's entries: one writer for scripts/dev/weights/update_weights.sh (a new file) and scripts/dev/weights/rescore_weights.sh
(new scores for a shipped file, everything else kept).

  python3 scripts/dev/weights/manifest.py entry NAME FILE RUN COMMAND EXPORT_ARGS   # RUN holds config.json, eval.json, ...
  python3 scripts/dev/weights/manifest.py rescore FILE EVAL_JSON                     # `genzoo eval weights/FILE --json` output
"""
import hashlib
import json
import math
import os
import sys

MANIFEST = "weights/manifest.json"


def scores(ev):
    """The manifest's "eval" of a `genzoo eval --json` report."""
    s, f = ev["samples"], ev["floor_train_images"]
    out = {"fld_lenet": s["fld_lenet"], "kid": s["kid"]["mean"], "precision": s["precision"], "recall": s["recall"],
           "class_entropy_nats": s["coverage"]["entropy_nats"],
           "largest_class_share": s["coverage"]["largest_class_share"], "floor_fld_lenet": f["fld_lenet"],
           "feature_space": ev["feature_space"]}
    if "likelihood" in ev:
        out["nelbo"], out["iw_nll"] = ev["likelihood"]["nelbo"], ev["likelihood"]["iw_nll"]
    return out


def write(entries):
    entries.sort(key=lambda m: m["name"])
    manifest = json.load(open(MANIFEST))
    manifest["models"] = entries
    open(MANIFEST + ".tmp", "w").write(json.dumps(manifest, indent=2) + "\n")
    os.replace(MANIFEST + ".tmp", MANIFEST)


def entry(name, file, run, command, export_args):
    info = json.load(open(run + "/export-info.json"))
    config = json.load(open(run + "/config.json"))
    epoch_lines = [l for l in map(json.loads, open(run + "/metrics.jsonl")) if l["type"] == "epoch"]
    steps = info["steps"]
    steps_per_epoch = epoch_lines[0]["step"] if epoch_lines else steps
    e = {"name": name + "." + config["data"], "file": file,
         "sha256": hashlib.sha256(open("weights/" + file, "rb").read()).hexdigest(),
         "data": config["data"], "epochs": math.ceil(steps / steps_per_epoch), "steps": steps, "seed": config["seed"],
         "command": command + (f"; genzoo export {export_args}" if export_args else ""),
         "parameters": info["parameters"], "model_options": info["model_options"],
         "eval": scores(json.load(open(run + "/eval.json")))}
    # Time: the training steps' own time up to the exported step (metrics.jsonl's epoch lines), and the whole run's
    # wall time (scores, checkpoints and reports included) where scripts/dev/results/convergence.sh logged it beside the run.
    e["train_seconds"] = round(sum(l["train_seconds"] for l in epoch_lines if l["step"] <= steps), 1)
    try:
        last = [l for l in open(run.rstrip("/") + ".log") if l.rstrip().endswith(" s") and ": " in l][-1]
        e["wall_seconds"] = int(last.rsplit(": ", 1)[1].split()[0])
    except (OSError, IndexError, ValueError):
        pass
    write([m for m in json.load(open(MANIFEST))["models"] if m["name"] != e["name"]] + [e])
    print(json.dumps(e, indent=2))


def rescore(file, eval_json):
    models = json.load(open(MANIFEST))["models"]
    matches = [m for m in models if m["file"] == file]
    if len(matches) != 1:
        sys.exit(f"{MANIFEST}: expected one entry with file {file!r}, found {len(matches)}")
    before = matches[0]["eval"]
    matches[0]["eval"] = scores(json.load(open(eval_json)))
    write(models)
    after = matches[0]["eval"]
    print(f"{matches[0]['name']}: " + ", ".join(f"{k} {before.get(k, float('nan')):.4g} -> {after[k]:.4g}"
                                               for k in ("fld_lenet", "kid", "precision", "recall", "floor_fld_lenet")))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "entry" and len(args) == 5:
        entry(*args)
    elif command == "rescore" and len(args) == 2:
        rescore(*args)
    else:
        sys.exit(__doc__)

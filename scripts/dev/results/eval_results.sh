#!/usr/bin/env bash
# Scores every run that scripts/dev/results/results.sh trained (runs/results-<tag>-<data>) with `genzoo eval` and writes
# docs/results.md: one table, the models side by side, each row with its grid and the command that trained it.
# A run whose eval.json is newer than its checkpoint is not scored again (unless GENZOO_EVAL_AGAIN=1).
# Usage: scripts/dev/results/eval_results.sh   (env: GENZOO_EVAL_N=10000 samples, GENZOO_EVAL_IW_IMAGES=1000 test images for
# the VAE likelihood bounds, GENZOO_EVAL_IW_K=1000 importance samples)
set -euo pipefail
cd "$(dirname "$0")/../../.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
n=${GENZOO_EVAL_N:-10000}
iw_images=${GENZOO_EVAL_IW_IMAGES:-1000}
iw_k=${GENZOO_EVAL_IW_K:-1000}
runs=()
for tag in vae beta-vae-H beta-vae-B gan lsgan wgan-gp; do
  for data in mnist fashion-mnist; do
    run=runs/results-$tag-$data
    [ -f "$run/checkpoint.pt" ] || continue
    runs+=("$run")
    if [ "$run/eval.json" -nt "$run/checkpoint.pt" ] && [ -z "${GENZOO_EVAL_AGAIN:-}" ]; then continue; fi
    echo "== $run" >&2
    start=$(date +%s)
    "$genzoo" eval "$run" --n "$n" --iw-images "$iw_images" --iw-k "$iw_k" --json >"$run/eval.json.tmp"
    mv "$run/eval.json.tmp" "$run/eval.json"
    echo "   $(($(date +%s) - start)) s" >&2
  done
done
python3 - "$n" "$iw_images" "$iw_k" "${runs[@]}" >docs/results.md <<'PY'
import json, sys
n, iw_images, iw_k, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
commands = {
    "vae": "bash scripts/dev/results/results.sh vae",
    "beta-vae-H": "GENZOO_RESULTS_TAG=beta-vae-H bash scripts/dev/results/results.sh beta-vae",
    "beta-vae-B": "GENZOO_RESULTS_TAG=beta-vae-B bash scripts/dev/results/results.sh beta-vae --set trainer_options.objective=B",
    "gan": "bash scripts/dev/results/results.sh gan",
    "lsgan": "bash scripts/dev/results/results.sh lsgan",
    "wgan-gp": "GENZOO_RESULTS_DATA=mnist bash scripts/dev/results/results.sh wgan-gp; on fashion-mnist "
               "GENZOO_RESULTS_DATA=fashion-mnist bash scripts/dev/results/results.sh wgan-gp --steps 3500",
}
rows, floors, classifiers = [], {}, {}
for run in runs:
    e = json.load(open(run + "/eval.json"))
    name = run[len("runs/results-"):]
    data = e["data"]
    tag = name[: -len(data) - 1]
    epochs = [l for l in map(json.loads, open(run + "/metrics.jsonl")) if l["type"] == "epoch"]
    wall = sum(x["train_seconds"] for x in epochs)
    s = e["samples"]
    nll = e.get("likelihood")
    rows.append((data, tag, epochs[-1]["epoch"], wall, s, nll))
    floors[data] = e["floor_train_images"]
    classifiers[data] = e["classifier"]

def cells(s):
    c = s["coverage"]
    return (f'{s["fld_lenet"]:.2f} | {s["kid"]["mean"]:.2f} ± {s["kid"]["std"]:.2f} | '
            f'{s["precision"]:.3f} | {s["recall"]:.3f} | {c["entropy_nats"]:.3f} | {c["largest_class_share"]:.3f}')

print("# Results: every model scored the same way\n")
print(f"Written by `bash scripts/dev/results/eval_results.sh` from the runs that `scripts/dev/results/results.sh` trained (the command of each")
print(f"row). `genzoo eval` draws {n} samples (seed 0) and compares them with the whole test set in the 128-d feature")
print("space of a LeNet classifier trained on the same dataset (`weights/classifier-<data>.pt`, made by")
print("`genzoo train-classifier --data <data>`). These are **not FID**: no Inception network, so the numbers compare")
print("models with each other and with the floor row, not with published FIDs.\n")
print("- **FLD**: Fréchet distance between Gaussian fits of the features (lower is better).")
print("- **KID**: unbiased MMD² with the cubic polynomial kernel, mean ± std over 100 subsets of 1,000. The LeNet")
print("  features are not normalised, so KID here is on a much larger scale than Inception KIDs; read it against the")
print("  floor (which scatters around 0) and the other rows, never against published KIDs.")
print("- **precision / recall**: Kynkäänniemi et al. 2019, k = 3 (samples inside the real manifold / real images")
print("  inside the sample manifold).")
print("- **entropy**: of the classifier's predicted-class histogram of the samples, nats (log 10 = 2.303 is even);")
print("  **top class**: the largest class's share — mode collapse shows in these two.")
print(f"- **−ELBO / IW bound**: Monte Carlo negative ELBO and importance-weighted bound on −log p(x) (Burda et al.")
print(f"  2015) from the same k = {iw_k} samples per image, on the first N test images (N after the numbers), nats per")
print("  image, on the continuous [0,1] Bernoulli likelihood the VAEs train with (not comparable with published numbers")
print("  on binarized MNIST; `genzoo eval --binarized` adds those).\n")
print("The **floor** rows score real training images the same way: what a perfect model would reach.\n")
print("| data | model | epochs | train time | FLD | KID | precision | recall | entropy | top class | −ELBO / IW bound | samples |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for data in ["mnist", "fashion-mnist"]:
    if data not in floors:
        continue
    print(f"| {data} | *floor: {floors[data]['images']} training images* | | | {cells(floors[data])} | | |")
    for d, tag, ep, wall, s, nll in rows:
        if d != data:
            continue
        bound = f'{nll["nelbo"]:.1f} / {nll["iw_nll"]:.1f} (N = {nll["images"]})' if nll else ""
        grid = f"![](results/{tag}-{data}.png)"
        print(f"| {data} | `{tag}` | {ep} | {wall / 60:.1f} min | {cells(s)} | {bound} | {grid} |")
print("\nCommands that trained each model:\n")
for tag, cmd in commands.items():
    print(f"- `{tag}`: `{cmd}`")
print("\nClassifiers: " + ", ".join(f"{d}: `{c['file']}`, test accuracy {100 * c['test_accuracy']:.1f}%"
                                  for d, c in classifiers.items()) + ".")
PY
echo "wrote docs/results.md" >&2

#!/usr/bin/env bash
# genzoo against its PyTorch-Python twin (tools/bench/twin.py): same networks, batch, optimiser, threads and data,
# in turn, several interleaved rounds. The twin runs in three configurations a PyTorch user could choose without
# touching the model: OPENBLAS_NUM_THREADS=1, =2, and =1 with glibc's malloc thresholds raised (GLIBC_TUNABLES, the
# setting genzoo applies itself); its fastest counts. Each run is kept as docs/bench/twin-<UTC time>.json with the
# machine it ran on: CPU model and flags, cores, OpenBLAS's core type, the environment variables that change BLAS,
# threading or malloc, and the float32 matmul rate on 1 and 2 threads, and the recipe (trainer options) each model
# ran: genzoo's bench line gives it and the twin is told the same lr and critic updates.
# Usage: scripts/dev/bench/bench_twin.sh [model[:SIZE] ...]   (env: GENZOO_BENCH_ROUNDS=3, GENZOO_BENCH_STEPS=<per model>)
# model:SIZE times the model on an image folder's colour images at SIZE px (GENZOO_BENCH_FOLDER, default emoji, from
# `genzoo fetch emoji`), which the twin reads as IDX files written by `genzoo convert`; its row is "model CxHxW".
#   bash scripts/dev/bench/bench_twin.sh gan:32 gan:64 vae:32
set -euo pipefail
cd "$(dirname "$0")/../../.."

genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
python=/usr/bin/python3  # Debian's python3-torch: the same LibTorch 1.13 build as libtorch-dev
if ! "$python" -c "import torch" 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -qq --no-install-recommends python3-torch
fi
data_dir=${GENZOO_BENCH_DATA_DIR:-/usr/share/datasets/fashion-mnist}
rounds=${GENZOO_BENCH_ROUNDS:-3}
threads=${GENZOO_BENCH_THREADS:-$(nproc)}
tunables="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
models=("$@")
if ((${#models[@]} == 0)); then models=(vae beta-vae gan lsgan wgan-gp); fi
mkdir -p docs/bench
json_out=docs/bench/twin-$(date -u +%Y%m%dT%H%M).json

steps_for() {
  if [ -n "${GENZOO_BENCH_STEPS:-}" ]; then echo "$GENZOO_BENCH_STEPS"; return; fi
  case "$1" in vae) echo 300 ;; beta-vae) echo 60 ;; *) echo 25 ;; esac
}
tag() { "$python" scripts/dev/bench/bench_json.py tag "$1"; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
folder=${GENZOO_BENCH_FOLDER:-emoji}
for spec in "${models[@]}"; do  # an image folder's sizes, as IDX files for the twin (decoded once, like genzoo's cache)
  if [[ $spec == *:* && ! -e runs/bench-idx/$folder-${spec##*:}/train-images-idx3-ubyte ]]; then
    [ -d "data/$folder" ] || [ "$folder" != emoji ] || "$genzoo" fetch emoji
    "$genzoo" convert "$folder" --image-size "${spec##*:}" --out "runs/bench-idx/$folder-${spec##*:}"
  fi
done
for ((r = 1; r <= rounds; r++)); do
  for spec in "${models[@]}"; do
    model=${spec%%:*}
    steps=$(steps_for "$model")
    genzoo_data=(--data fashion-mnist --data-dir "$data_dir") twin_data=$data_dir
    if [[ $spec == *:* ]]; then
      size=${spec##*:}
      genzoo_data=(--data "$folder" --image-size "$size") twin_data=runs/bench-idx/$folder-$size
    fi
    line=$("$genzoo" bench "$model" "${genzoo_data[@]}" --steps "$steps" --threads "$threads" |
      tag '{"impl": "genzoo", "config": "genzoo"}')
    # rows of another shape than 1x28x28 are named by it: "gan 3x32x32"
    row=$(echo "$line" | "$python" -c 'import json,sys; r=json.load(sys.stdin); s=r.get("image_shape", [1, 28, 28])
print(r["model"] if s == [1, 28, 28] else r["model"] + " " + "x".join(map(str, s)))')
    line=$(echo "$line" | tag "{\"model\": \"$row\"}")
    echo "$line" | tee -a "$out"
    # the twin runs the recipe genzoo timed (its line's trainer_options)
    recipe=$(echo "$line" | "$python" -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["trainer_options"]))')
    for config in blas1 blas2 blas1+malloc; do
      env=(env OPENBLAS_NUM_THREADS=1)
      [ "$config" = blas2 ] && env=(env OPENBLAS_NUM_THREADS=2)
      [ "$config" = blas1+malloc ] && env=(env OPENBLAS_NUM_THREADS=1 GLIBC_TUNABLES=$tunables)
      "${env[@]}" "$python" tools/bench/twin.py "$model" --data-dir "$twin_data" --steps "$steps" --threads "$threads" \
        --recipe "$recipe" |
        tag "{\"config\": \"$config\", \"model\": \"$row\"}" | tee -a "$out"
    done
  done
done

"$python" - "$out" "$json_out" <<'PY'
import ctypes, datetime, json, os, platform, statistics, sys, time
import torch

def matmul_gflops(threads, n=1024, reps=30):  # torch's pool and OpenBLAS's both at `threads`
    torch.set_num_threads(threads)
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(threads)
    except OSError:
        pass
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    start = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n ** 3 * reps / (time.perf_counter() - start) / 1e9

def openblas():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = lib.openblas_get_config.restype = ctypes.c_char_p
        return {"core": lib.openblas_get_corename().decode(), "config": lib.openblas_get_config().decode()}
    except OSError as e:
        return {"error": str(e)}

cpuinfo = open("/proc/cpuinfo").read().splitlines()
field = lambda name: next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith(name)), "?")
machine = {
    "cpu": field("model name"), "flags": field("flags").split(), "nproc": os.cpu_count(),
    "kernel": platform.release(), "openblas": openblas(), "torch": torch.__version__,
    "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "GLIBC_TUNABLES", "MKL_",
                                                                  "GENZOO_"))},
    "matmul_gflops": {"1_thread": matmul_gflops(1), "2_threads": matmul_gflops(2)},
    "loadavg_after": os.getloadavg(),
}
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = {}
print("\nmodel      genzoo img/s  twin img/s (blas1 / blas2 / blas1+malloc)  genzoo / best twin")
for model in dict.fromkeys(r["model"] for r in rows):
    med = {c: statistics.median(r["images_per_s"] for r in rows if r["model"] == model and r["config"] == c)
           for c in ("genzoo", "blas1", "blas2", "blas1+malloc")}
    best = max(med["blas1"], med["blas2"], med["blas1+malloc"])
    recipe = next(r["trainer_options"] for r in rows if r["model"] == model and r["config"] == "genzoo")
    adam = next(r.get("adam", "libtorch") for r in rows if r["model"] == model and r["config"] == "genzoo")
    summary[model] = {"median_images_per_s": med, "ratio_to_best_twin": med["genzoo"] / best, "trainer_options": recipe,
                      "adam": adam}
    print(f"{model:<10} {med['genzoo']:>12.0f}  {med['blas1']:>8.0f} / {med['blas2']:>8.0f} / {med['blas1+malloc']:>8.0f}"
          f"       {med['genzoo'] / best:>5.2f}x")
when = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
json.dump({"time": when, "machine": machine, "summary": summary, "runs": rows}, open(sys.argv[2], "w"), indent=1)
print(f"machine: {machine['cpu']}, {machine['nproc']} cores, OpenBLAS core {machine['openblas'].get('core')}, "
      f"matmul {machine['matmul_gflops']['1_thread']:.0f} / {machine['matmul_gflops']['2_threads']:.0f} GFLOP/s "
      f"(1 / 2 threads) -> {sys.argv[2]}")
PY

#!/usr/bin/env bash
# Builds and tests genzoo against a LibTorch 2.x pip wheel (python3's torch), the other LibTorch genzoo supports.
#   bash scripts/dev/libtorch2_check.sh prepare   # here (Debian): the header-only dependencies, from their .debs, into .deps/root
#   bash scripts/dev/libtorch2_check.sh run       # there (a machine with `pip install torch`, e.g. the GPU machine): build + tests
# `run` configures with Debian's libgloo-dev headers from .deps (the wheel ships none), so the data-parallel code is
# compiled against LibTorch 2.x's c10d too, then runs the unit, CLI and data-parallel tests, trains each family a few
# steps on CUDA when there is a GPU, and reads a run's TensorBoard file with TensorBoard's own EventAccumulator when
# the tensorboard package is installed. Results under $OUT (or /tmp/libtorch2-check).
set -euo pipefail
cd "$(dirname "$0")/../.."
deps=$PWD/.deps/root

if [ "${1:-}" = prepare ]; then
  mkdir -p .deps/debs
  (cd .deps/debs && apt-get download libcli11-dev nlohmann-json3-dev libstb-dev libstb0 catch2 nettle-dev libnettle8 \
    libhogweed6 libgloo-dev)
  for f in .deps/debs/*.deb; do dpkg -x "$f" "$deps"; done
  rm -rf "$deps"/usr/share/{doc,man,lintian}
  find "$deps" -name '*.a' ! -name 'libCatch2*' -delete  # Catch2's CMake config names its own
  du -sh "$deps"
  exit 0
fi
[ "${1:-}" = run ] || { echo "usage: $0 prepare|run" >&2; exit 2; }

out=${OUT:-/tmp/libtorch2-check}
mkdir -p "$out"
python=${PYTHON:-python3}
torch_dir=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
"$python" -c 'import torch, os; print("torch", torch.__version__, "cuda", torch.cuda.is_available()); \
  print("wheel ships gloo headers:", os.path.isdir(os.path.join(os.path.dirname(torch.__file__), "include", "gloo")))'
export PKG_CONFIG_SYSROOT_DIR=$deps
export PKG_CONFIG_PATH=$deps/usr/lib/x86_64-linux-gnu/pkgconfig:$deps/usr/share/pkgconfig
export LD_LIBRARY_PATH=$deps/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
build=/tmp/genzoo-libtorch2
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
configure_and_build() {  # GENZOO_DISTRIBUTED value; the log of each attempt is kept
  cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_dir;$deps/usr" \
    -DGENZOO_DISTRIBUTED="$1" -DGENZOO_BUILD_TESTS=ON >"$out/configure-$1.log" 2>&1 &&
    cmake --build "$build" --parallel "$(nproc)" >"$out/build-$1.log" 2>&1
}
# With Debian's Gloo headers first (the data-parallel code against 2.x's c10d), then without (AUTO's result there).
if configure_and_build ON; then
  echo "built with GENZOO_DISTRIBUTED=ON"
else
  echo "GENZOO_DISTRIBUTED=ON failed to build:"; grep -E "error" "$out/build-ON.log" | head -15
  configure_and_build OFF || { grep -E "error" "$out/build-OFF.log" | head -30; exit 1; }
  echo "built with GENZOO_DISTRIBUTED=OFF"
fi
grep -E "warning: .*deprecated" "$out"/build-*.log | sort -u | head -10 || true

# Tests that need neither Debian's datasets, its Python PyTorch 1.13 (the twin) nor Chromium, one process each,
# across the cores; the independent event-file reader's test ([protoc]) only where protobuf-compiler is installed
# (TensorBoard's own reader checks the event files below instead).
# (Catch2 v2's listing exits with the number of tests it listed.)
filter="~[real-data]~[twin]~[browser]~[fault]"
command -v protoc >/dev/null || filter+="~[protoc]"
(cd "$build" && { ./tests/genzoo_tests "$filter" --list-test-names-only || true; } |
  grep -v '^$' | sed 's/[],[]/\\&/g' >"$out/test-names.txt")
(cd "$build" && tr '\n' '\0' <"$out/test-names.txt" | xargs -0 -P "$(nproc)" -I{} sh -c \
  './tests/genzoo_tests "$1" >/dev/null 2>&1 && echo "PASS $1" || echo "FAIL $1"' _ {} >"$out/tests.log")
echo "tests: $(grep -c ^PASS "$out/tests.log") passed, $(grep -c ^FAIL "$out/tests.log") failed"
grep ^FAIL "$out/tests.log" || true

work=$(mktemp -d)
"$build/genzoo" train vae --steps 1 --data-dir "$work/none" --out "$work/x" >/dev/null 2>&1 || true  # warm-up
"$python" - "$work/tiny" <<'PY'  # a tiny IDX dataset for the runs below
import gzip, os, struct, sys
d = sys.argv[1]; os.makedirs(d)
for split, n in (("train", 256), ("t10k", 64)):
    img = bytes((i * 37 + j) % 256 for i in range(n) for j in range(784))
    with gzip.open(f"{d}/{split}-images-idx3-ubyte.gz", "wb") as f: f.write(struct.pack(">IIII", 0x803, n, 28, 28) + img)
    with gzip.open(f"{d}/{split}-labels-idx1-ubyte.gz", "wb") as f: f.write(struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n)))
PY
if "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
  for model in vae beta-vae gan wgan-gp; do
    "$build/genzoo" train "$model" --device cuda --steps 40 --data-dir "$work/tiny" --out "$work/cuda-$model" \
      --tensorboard off 2>&1 | tail -n 1 | tee -a "$out/cuda.log"
  done
fi
"$build/genzoo" train gan --steps 32 --batch-size 64 --data-dir "$work/tiny" --set log_every=4 --out "$work/tb" \
  --device cpu >/dev/null
"$python" - "$work/tb" <<'PY' 2>&1 | tee "$out/tensorboard.log"
import json, sys
try:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
except ImportError:
    print("tensorboard not installed: skipped"); sys.exit(0)
run = sys.argv[1]
acc = EventAccumulator(run + "/tb", size_guidance={"scalars": 0, "images": 0}); acc.Reload()
tags = acc.Tags()
steps = [json.loads(l) for l in open(run + "/metrics.jsonl") if json.loads(l)["type"] == "step"]
g = [e.value for e in acc.Scalars("g_loss")]
print("TensorBoard reads", len(tags["scalars"]), "scalar tags,", len(tags["images"]), "image tags;",
      "g_loss points", len(g), "== metrics.jsonl's", len(steps), ":", len(g) == len(steps),
      "; values equal:", all(abs(a - b["g_loss"]) < 1e-5 * max(1, abs(a)) for a, b in zip(g, steps)))
img = acc.Images("samples")[-1]
print("last image", img.width, "x", img.height, "at step", img.step)
PY
echo "libtorch2_check: done"

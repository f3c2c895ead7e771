#!/usr/bin/env bash
# Start-up cost: whole-process wall time of `genzoo --help` and of `genzoo sample gan --n 64` (pretrained weights)
# beside the floor LibTorch itself sets: an empty main() linked against the same LibTorch libraries as genzoo, and
# one that also touches LibTorch (one tensor op). Median of RUNS runs each (interleaved), plus the dynamic loader's
# own statistics (LD_DEBUG=statistics) for the empty program and for genzoo.
# Usage: scripts/dev/bench/bench_startup.sh   (env: RUNS=15, GENZOO=build/genzoo)
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
runs=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/floor"
cat >"$work/floor/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(floor CXX)
find_package(Torch REQUIRED)
add_executable(empty empty.cpp)
target_link_libraries(empty PRIVATE ${TORCH_LIBRARIES})
add_executable(one_op one_op.cpp)
target_link_libraries(one_op PRIVATE ${TORCH_LIBRARIES})
CMAKE
echo 'int main() { return 0; }' >"$work/floor/empty.cpp"
printf '#include <torch/torch.h>\nint main() { return torch::ones({2}).sum().item<float>() == 2 ? 0 : 1; }\n' \
  >"$work/floor/one_op.cpp"
cmake -S "$work/floor" -B "$work/floor/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/floor/build" --parallel "$(nproc)" >/dev/null

commands=(
  "$work/floor/build/empty"
  "$work/floor/build/one_op"
  "$genzoo --help"
  "$genzoo sample gan --n 64 --out $work/grid.png"
)
names=("empty main() linked to LibTorch" "one LibTorch op" "genzoo --help" "genzoo sample gan --n 64")
for ((r = 0; r < runs; r++)); do
  for i in "${!commands[@]}"; do
    start=$(date +%s%N)
    ${commands[$i]} >/dev/null 2>&1
    echo "$i $(( ($(date +%s%N) - start) / 1000 ))" >>"$work/times"
  done
done
python3 - "$work/times" "${names[@]}" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    i, us = map(int, line.split())
    times.setdefault(i, []).append(us / 1000)
print(f"{'command':<34} median ms   min   max   ({len(times[0])} runs each, interleaved)")
for i, name in enumerate(sys.argv[2:]):
    t = times[i]
    print(f"{name:<34} {statistics.median(t):9.0f} {min(t):5.0f} {max(t):5.0f}")
PY
for bin in "$work/floor/build/empty" "$genzoo --help"; do
  echo "== LD_DEBUG=statistics $bin"
  LD_DEBUG=statistics $bin 2>&1 >/dev/null | grep -E "total startup time|time needed for relocation|number of relocations:|final number of relocations" | sed 's/^ *[0-9]*: *//'
done
echo "shared libraries loaded: empty $(LD_TRACE_LOADED_OBJECTS=1 "$work/floor/build/empty" | wc -l), genzoo $(LD_TRACE_LOADED_OBJECTS=1 "$genzoo" | wc -l)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

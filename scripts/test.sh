#!/usr/bin/env bash
# Sets up, builds and runs the tests. Nothing here touches the network except apt-get for missing packages.
#  1. the Release build (g++) and every test: unit, CLI, real data, the Python twin, the install consumer, layers;
#  2. a second build with clang under AddressSanitizer + UndefinedBehaviorSanitizer: the unit-level tests again, and
#     each libFuzzer target for GENZOO_FUZZ_SECONDS (default 15) from its seed corpus (docs/reliability.md).
# GENZOO_SANITIZE=0 skips step 2. Each phase prints its time (CI must stay under 30 minutes on 2 cores).
# Both builds compile sources in unity batches of 8 (CMake's UNITY_BUILD): LibTorch's templates are instantiated once
# per batch instead of once per file (a fresh run of this script took 948 s on 2 cores, builds 251 s and 227 s);
# GENZOO_UNITY=0 compiles file by file.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
phase() { echo "test.sh: $1 done, $((SECONDS - started)) s since start"; }

# python3-torch: the Python twin's tests run on Debian's PyTorch (the same LibTorch 1.13); python3-protobuf and
# protobuf-compiler: the TensorBoard files' independent reader; chromium: the run report seen in a real browser;
# clang and its runtime libraries (libFuzzer, the sanitizers) for step 2.
bash scripts/setup.sh python3-torch python3-protobuf protobuf-compiler chromium clang libclang-rt-14-dev
phase setup
unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8)
[ "${GENZOO_UNITY:-1}" = 0 ] && unity=(-DCMAKE_UNITY_BUILD=OFF)
bash scripts/build.sh -DGENZOO_BUILD_TESTS=ON "${unity[@]}"
phase build
ctest --test-dir "${GENZOO_BUILD_DIR:-build}" --output-on-failure --timeout 900 -j 2
phase tests

if [ "${GENZOO_SANITIZE:-1}" != 0 ]; then
  sanitize_dir=${GENZOO_SANITIZE_DIR:-build-sanitize}
  GENZOO_BUILD_DIR=$sanitize_dir bash scripts/build.sh -DCMAKE_CXX_COMPILER=clang++ -DGENZOO_FUZZ=ON \
    -DGENZOO_FUZZ_SECONDS="${GENZOO_FUZZ_SECONDS:-15}" "${unity[@]}"
  phase "sanitizer build"
  ctest --test-dir "$sanitize_dir" --output-on-failure --timeout 900 -j 2
  phase "sanitizer tests"
fi

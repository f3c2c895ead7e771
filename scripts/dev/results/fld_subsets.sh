#!/usr/bin/env bash
# How steady a file's scores are across disjoint sample subsets: draws N samples (seed 0, as `genzoo eval` does),
# splits them into N/SIZE consecutive subsets and scores each with `genzoo eval --samples` (FLD, precision, recall).
# docs/results.md's "Second scale change" quotes its lsgan.fashion-mnist rows; on a build before that change the same
# command gives the old scale's spread.
#   bash scripts/dev/results/fld_subsets.sh lsgan.fashion-mnist [N=10000] [SIZE=2000]
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo
model=$1 n=${2:-10000} size=${3:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$("$genzoo" info "$model" --json | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("data") or d["metadata"]["genzoo.data"])')
"$genzoo" sample "$model" --n "$n" --seed 0 --format idx --out "$tmp/all.idx" >/dev/null
python3 - "$tmp" "$size" <<'PY'
import struct, sys
folder, size = sys.argv[1], int(sys.argv[2])
raw = open(folder + "/all.idx", "rb").read()
magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
pixels = rows * cols
for begin in range(0, n - size + 1, size):
    header = struct.pack(">IIII", magic, size, rows, cols)
    open(f"{folder}/{begin:06d}.idx", "wb").write(header + raw[16 + begin * pixels:16 + (begin + size) * pixels])
PY
echo "$model, $n samples (seed 0) in subsets of $size, each against the $data test split:"
for part in "$tmp"/0*.idx; do
  first=$((10#$(basename "$part" .idx)))
  scores=$("$genzoo" eval --samples "$part" --data "$data" --n "$size" |
    awk '/^FLD/ {f=$(NF-1)} /^precision/ {p=$(NF-1)} /^recall/ {r=$(NF-1)} END {print "FLD " f ", precision " p ", recall " r}')
  echo "  samples $first-$((first + size)): $scores"
done

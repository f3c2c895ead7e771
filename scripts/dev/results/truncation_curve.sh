#!/usr/bin/env bash
# Precision against recall as the latent is truncated (`--truncation T`: z from N(0,1) cut to [-T,T]) for each
# shipped GAN-family file: a 10,000-sample `genzoo eval` per file and T, written to docs/results/truncation.json and
# printed as docs/results.md's table. Truncation is a sampling choice, not training: the shipped defaults draw
# untruncated.
#   bash scripts/dev/results/truncation_curve.sh                   (about 15 s an eval on 2 cores; 30 evals)
#   bash scripts/dev/results/truncation_curve.sh gan.mnist 1 0.5   (one file, the values after it; added to the kept rows)
# Env: GENZOO (binary, default build/genzoo), N (samples, default 10000).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
all_names=(gan.mnist lsgan.mnist wgan-gp.mnist gan.fashion-mnist lsgan.fashion-mnist wgan-gp.fashion-mnist)
names=("${all_names[@]}")
values=(0 2 1.5 1 0.75)
if (($#)); then names=("$1"); shift; fi
if (($#)); then values=("$@"); fi
out=docs/results/truncation.json
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
for name in "${names[@]}"; do
  for t in "${values[@]}"; do
    echo "truncation_curve: $name T=$t" >&2
    "$genzoo" eval "$name" --n "${N:-10000}" --truncation "$t" --json |
      python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"name": sys.argv[1], "truncation": float(sys.argv[2]), "samples": r["samples"], "floor": r["floor_train_images"]}))' "$name" "$t" >>"$lines"
  done
done
python3 - "$lines" "$out" "${N:-10000}" "${all_names[@]}" <<'PY'
import json, os, sys
lines, out, n, order = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
rows = [json.loads(l) for l in open(lines)]
if os.path.exists(out):  # a later call adds its rows to the kept ones (and replaces those it measured again)
    kept = json.load(open(out))
    if kept.get("samples") == n:
        fresh = {(r["name"], r["truncation"]) for r in rows}
        rows = [r for r in kept["rows"] if (r["name"], r["truncation"]) not in fresh] + rows
rows.sort(key=lambda r: (order.index(r["name"]) if r["name"] in order else len(order), r["name"],
                         r["truncation"] != 0, -r["truncation"]))
json.dump({"command": "bash scripts/dev/results/truncation_curve.sh", "samples": n, "rows": rows}, open(out + ".tmp", "w"), indent=1)
os.replace(out + ".tmp", out)
print("| weights | truncation | FLD (floor) | precision | recall | class entropy | largest class |")
print("|---|---:|---|---:|---:|---:|---:|")
for r in rows:
    s, f = r["samples"], r["floor"]
    t = "none" if r["truncation"] == 0 else f"{r['truncation']:g}"
    print(f"| `{r['name']}` | {t} | {s['fld_lenet']:.2f} ({f['fld_lenet']:.2f}) | {s['precision']:.3f} "
          f"| {s['recall']:.3f} | {s['coverage']['entropy_nats']:.3f} | {s['coverage']['largest_class_share']:.3f} |")
PY

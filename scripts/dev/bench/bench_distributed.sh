#!/usr/bin/env bash
# Data-parallel scaling on this machine: `genzoo train` as 1 process x T threads against N processes x T/N threads
# (--nproc N), side by side in interleaved rounds, on Debian's fashion-mnist. Reads images/s and the time in
# collectives per step (allreduce_ms) from each run's metrics.jsonl, leaving out the first logged window (start-up),
# and keeps everything with the machine's facts in docs/bench/distributed-<UTC time>.json.
# Usage: scripts/dev/bench/bench_distributed.sh [model ...]   (env: ROUNDS=3, NPROC=2, THREADS=$(nproc), GENZOO)
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
rounds=${ROUNDS:-3}
nproc=${NPROC:-2}
threads=${THREADS:-$(nproc)}
models=("$@")
if ((${#models[@]} == 0)); then models=(vae gan); fi
steps_for() { case "$1" in vae | beta-vae) echo 500 ;; *) echo 120 ;; esac; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p docs/bench
out=docs/bench/distributed-$(date -u +%Y%m%dT%H%M).json

for ((r = 1; r <= rounds; r++)); do
  for model in "${models[@]}"; do
    for procs in 1 "$nproc"; do
      run=$work/$model-$procs-$r
      "$genzoo" train "$model" --data fashion-mnist --steps "$(steps_for "$model")" --threads "$threads" \
        --nproc "$procs" --tensorboard off --set log_every=20 --set grid_n=16 --out "$run" >"$run.log" 2>&1
      echo "$model $procs $r $run" >>"$work/runs"
    done
  done
done

python3 - "$work/runs" "$out" "$threads" "$nproc" <<'PY'
import json, os, platform, statistics, sys
rows = []
for line in open(sys.argv[1]):
    model, procs, rnd, run = line.split()
    steps = [j for j in map(json.loads, open(run + "/metrics.jsonl")) if j["type"] == "step"][1:]
    rows.append({"model": model, "processes": int(procs), "round": int(rnd),
                 "images_per_s": statistics.median(s["images_per_s"] for s in steps),
                 "allreduce_ms_per_step": statistics.median(s.get("allreduce_ms", 0.0) for s in steps)})
threads, nproc = int(sys.argv[3]), int(sys.argv[4])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
machine = {"cpu": cpu, "nproc": os.cpu_count(), "kernel": platform.release(), "loadavg_after": os.getloadavg(),
           "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "GLIBC_", "GENZOO_"))}}
summary = {}
print(f"model   1 x {threads} threads   {nproc} x {threads // nproc} threads   ratio   all-reduce ms/step ({nproc} ranks)")
for model in dict.fromkeys(r["model"] for r in rows):
    one = [r["images_per_s"] for r in rows if r["model"] == model and r["processes"] == 1]
    many = [r["images_per_s"] for r in rows if r["model"] == model and r["processes"] == nproc]
    comm = [r["allreduce_ms_per_step"] for r in rows if r["model"] == model and r["processes"] == nproc]
    ratios = [m / o for m, o in zip(many, one)]  # per round: the two ran back to back
    summary[model] = {"images_per_s_1proc": one, f"images_per_s_{nproc}proc": many, "ratio_per_round": ratios,
                      "allreduce_ms_per_step": comm}
    print(f"{model:<7} {min(one):>8,.0f}-{max(one):<8,.0f} {min(many):>8,.0f}-{max(many):<8,.0f} "
          f"{min(ratios):.2f}-{max(ratios):.2f}x   {min(comm):.2f}-{max(comm):.2f}")
json.dump({"machine": machine, "threads": threads, "nproc": nproc, "summary": summary, "runs": rows},
          open(sys.argv[2], "w"), indent=1)
print(f"machine: {cpu}, {os.cpu_count()} cores -> {sys.argv[2]}")
PY

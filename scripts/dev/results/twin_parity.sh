#!/usr/bin/env bash
# Parity with PyTorch: trains genzoo and its PyTorch-Python twin (tools/bench/twin.py) the same number of steps on
# the same data with the same recipe, for several seeds, draws 10,000 samples from each and scores both files with
# genzoo's own scorer (`genzoo eval --samples FILE`). genzoo trains without the generator average here, since the twin
# has none: the same algorithm on both sides. Results: one JSON line per run in docs/results/parity.jsonl (appended),
# and a table printed at the end (python3 scripts/dev/results/parity_table.py prints it again from the kept lines).
#   nohup bash scripts/dev/results/twin_parity.sh gan:2000 wgan-gp:4000 > parity.log 2>&1 &      (about 45 min on 2 cores)
# Env: SEEDS (default "0 1"), DATA (default mnist; an image folder such as emoji trains at its default 32 px, and the
# twin reads it through `genzoo convert`), GENZOO (default build/genzoo), PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
python=${PYTHON:-/usr/bin/python3}  # Debian's python3-torch: the same LibTorch 1.13 as libtorch-dev
data=${DATA:-mnist}
seeds=${SEEDS:-0 1}
threads=$(nproc)
mkdir -p runs/parity docs/results
data_dir=${GENZOO_DATA:-data}/$data  # where `genzoo fetch` puts it; Debian's package for fashion-mnist
if [ "$data" = fashion-mnist ] && [ ! -d "$data_dir" ]; then data_dir=/usr/share/datasets/fashion-mnist; fi
if ! ls "$data_dir"/train-images-idx3-ubyte* >/dev/null 2>&1; then  # an image folder (DATA=emoji: 3x32x32)
  "$genzoo" convert "$data" --out "runs/parity/$data-idx" >/dev/null  # the twin reads it as IDX files
  data_dir=runs/parity/$data-idx
fi

score() {  # FILE -> the eval JSON's sample scores
  "$genzoo" eval --samples "$1" --data "$data" --json |
    "$python" -c 'import json,sys; s=json.load(sys.stdin)["samples"]; print(json.dumps({"fld": s["fld_lenet"],
      "precision": s["precision"], "recall": s["recall"], "class_entropy": s["coverage"]["entropy_nats"],
      "largest_class_share": s["coverage"]["largest_class_share"]}))'
}
keep() {  # JSON fields... -> one line in docs/results/parity.jsonl
  "$python" -c 'import json,sys; r={}; [r.update(json.loads(a)) for a in sys.argv[1:]]; print(json.dumps(r))' "$@" |
    tee -a docs/results/parity.jsonl
}

for spec in "$@"; do
  model=${spec%%:*} steps=${spec##*:}
  for seed in $seeds; do
    run=runs/parity/genzoo-$model-$data-$seed
    rm -rf "$run"
    start=$(date +%s%N)
    "$genzoo" train "$model" --data "$data" --steps "$steps" --seed "$seed" --threads "$threads" \
      --set model_options.ema_decay=0 --tensorboard off --out "$run" >"$run.log" 2>&1
    seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
    "$genzoo" sample "$run" --n 10000 --seed 0 --format idx --out "$run/samples-idx3-ubyte" >/dev/null
    # the recipe both sides ran (the twin is told genzoo's lr and critic updates): kept so that a recipe change starts
    # new rows
    recipe=$("$python" -c 'import json,sys; o=json.load(open(sys.argv[1]))["trainer_options"]
print(json.dumps({k: o[k] for k in ("lr", "n_critic") if k in o}))' "$run/config.json")
    keep "{\"impl\": \"genzoo\", \"model\": \"$model\", \"data\": \"$data\", \"steps\": $steps, \"seed\": $seed,
           \"train_seconds\": $seconds}" "$recipe" "$(score "$run/samples-idx3-ubyte")"

    twin=runs/parity/twin-$model-$data-$seed-idx3-ubyte
    start=$(date +%s%N)
    OPENBLAS_NUM_THREADS=1 "$python" tools/bench/twin.py "$model" --data-dir "$data_dir" --steps "$steps" \
      --warmup 0 --seed "$seed" --threads "$threads" --samples 10000 --samples-out "$twin" --recipe "$recipe" \
      >/dev/null
    seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
    keep "{\"impl\": \"twin\", \"model\": \"$model\", \"data\": \"$data\", \"steps\": $steps, \"seed\": $seed,
           \"train_seconds\": $seconds}" "$recipe" "$(score "$twin")"
  done
done
"$python" scripts/dev/results/parity_table.py

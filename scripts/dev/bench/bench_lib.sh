# Sourced by the side-by-side bench scripts (bench_adam.sh, bench_malloc.sh): settings interleaved over rounds.
#   bench_interleaved ROUNDS "MODELS" "SETTINGS" KEY OUT [genzoo bench flags...]
# For each round, model and setting runs `genzoo bench MODEL --data fashion-mnist --threads 2 --steps N FLAGS` under
# the environment that the caller's `setting_env SETTING` prints (VAR=value words), and appends its JSON line,
# tagged {"KEY": SETTING, "round": r}, to OUT. N: $MLP_STEPS for vae and beta-vae (default 300), $GAN_STEPS for the
# GAN family (default 40).
genzoo=${GENZOO_BUILD_DIR:-build}/genzoo

bench_steps() {
  case $1 in
    gan | lsgan | wgan-gp) echo "${GAN_STEPS:-40}" ;;
    *) echo "${MLP_STEPS:-300}" ;;
  esac
}

bench_interleaved() {
  local rounds=$1 models=$2 settings=$3 key=$4 out=$5 r model setting
  shift 5
  for ((r = 1; r <= rounds; r++)); do
    for model in $models; do
      for setting in $settings; do
        # shellcheck disable=SC2046  # setting_env prints separate VAR=value words
        env $(setting_env "$setting") "$genzoo" bench "$model" --data fashion-mnist --threads 2 \
          --steps "$(bench_steps "$model")" "$@" |
          python3 scripts/dev/bench/bench_json.py tag "{\"$key\": \"$setting\", \"round\": $r}" >>"$out"
      done
    done
  done
}

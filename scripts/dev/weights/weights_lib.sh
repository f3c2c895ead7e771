# Sourced by scripts/dev/weights/update_weights.sh and scripts/dev/weights/rescore_weights.sh: the one definition of how a shipped weights
# file is scored (10,000 samples against the test split, the floor beside them; a VAE's IW bound on 100 images).
#   weights_eval weights/gan-mnist.safetensors out.json
weights_eval() {
  "${GENZOO_BUILD_DIR:-build}/genzoo" eval "$1" --n 10000 --iw-images 100 --json >"$2"
}

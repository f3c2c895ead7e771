#!/usr/bin/env bash
# README's picture of a run report: `genzoo report` of a real run, rendered by headless Chromium.
#   bash scripts/dev/results/report_screenshot.sh [RUN] [OUT.png]
# RUN defaults to runs/convergence-gan-mnist (made by: bash scripts/dev/results/convergence.sh mnist 8000 gan, about 20 min).
# Needs Debian's chromium (scripts/test.sh installs it). Env: GENZOO (binary, default build/genzoo).
set -euo pipefail
cd "$(dirname "$0")/../../.."
genzoo=${GENZOO:-build/genzoo}
run=${1:-runs/convergence-gan-mnist}
out=${2:-docs/images/report.png}
[ -f "$run/config.json" ] || bash scripts/dev/results/convergence.sh mnist 8000 gan
page=$(mktemp --suffix .html)
trap 'rm -f "$page"' EXIT
"$genzoo" report "$run" --out "$page"
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1500 \
  --screenshot="$(realpath "$out")" "file://$page" 2>/dev/null
echo "wrote $out from $run"

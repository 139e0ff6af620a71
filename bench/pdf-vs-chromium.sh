#!/usr/bin/env bash
# Times the whole-process PDF export of the 300-event benchmark order with the release `feint`
# CLI, and headless Chromium printing the equivalent HTML (the same document model, written by
# `feint export --html-for-bench`) to PDF, in the same run; prints both medians and their ratio.
#
#   bash bench/pdf-vs-chromium.sh [runs]        (default 7; needs `chromium` on PATH)
#
# Each run is a fresh process, start-up included, as a user or a script would run it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
feint="${FEINT:-$repo/target/release/feint}"
chromium="${CHROMIUM:-chromium}"

if [ ! -x "$feint" ]; then
  (cd "$repo" && cargo build --release -p feint-core --bin feint)
fi
command -v "$chromium" >/dev/null || { echo "bench: $chromium is not installed" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$feint" bench-operation "$work/bench.feint" >/dev/null
"$feint" export "$work/bench.feint" --html-for-bench "$work/bench.html" >/dev/null

# Milliseconds one command takes, its output discarded.
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

feint_times=()
chromium_times=()
# Interleaved, so a busy moment on the machine hits both alike.
for _ in $(seq "$runs"); do
  feint_times+=("$(ms "$feint" export "$work/bench.feint" --pdf "$work/feint.pdf")")
  chromium_times+=("$(ms "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$work/profile" --print-to-pdf="$work/chromium.pdf" "file://$work/bench.html")")
done

feint_median=$(printf '%s\n' "${feint_times[@]}" | median)
chromium_median=$(printf '%s\n' "${chromium_times[@]}" | median)
feint_pages=$(pdfinfo "$work/feint.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
chromium_pages=$(pdfinfo "$work/chromium.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')

echo "runs: $runs"
echo "feint export --pdf:        median ${feint_median} ms (${feint_times[*]}), ${feint_pages:-?} pages"
echo "chromium --print-to-pdf:   median ${chromium_median} ms (${chromium_times[*]}), ${chromium_pages:-?} pages"
awk -v f="$feint_median" -v c="$chromium_median" \
  'BEGIN { printf "ratio: feint takes %.3f of Chromium'"'"'s time (1/%.1f)\n", f / c, c / f }'

#!/usr/bin/env bash
# Issue 14's comparison: the processor time of lambdavet and of cfn-lint on
# the same 120 SAM templates of serverless-patterns (the shared corpus),
# each in one process, side by side in one run. Needs cfn-lint on PATH and
# the corpus at $CORPUS (default ../shared/corpus); builds lambdavet first
# so its build is not counted.
#
#   scripts/vs-cfn-lint.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${CORPUS:-../shared/corpus}"
rounds="${1:-3}"
command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed" >&2; exit 2; }
[ -d "$corpus/serverless-patterns" ] || { echo "no corpus at $corpus" >&2; exit 2; }

bin=$(mktemp -d)/lambdavet
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/lambdavet

# The first 120 SAM templates by path: a Transform line marks SAM.
mapfile -t templates < <(find "$corpus/serverless-patterns" -name 'template.y*ml' | LC_ALL=C sort |
  while read -r f; do grep -q 'AWS::Serverless' "$f" && echo "$f"; done | head -120)
echo "${#templates[@]} SAM templates from $corpus/serverless-patterns"

cpu() { # prints user+system seconds of the command
  local tf
  tf=$(mktemp)
  /usr/bin/time -o "$tf" -f '%U %S' "$@" >/dev/null 2>&1 || true
  tail -1 "$tf" | awk '{printf "%.2f", $1 + $2}'
  rm -f "$tf"
}
# lambdavet's run is a few tenths of a second, near the 10 ms grain of
# the counters: each round takes the mean of five runs.
mean5() {
  local total=0 t
  for _ in 1 2 3 4 5; do
    t=$(cpu "$@")
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { printf "%.3f", a + b }')
  done
  awk -v a="$total" 'BEGIN { printf "%.3f", a / 5 }'
}
for r in $(seq "$rounds"); do
  lv=$(mean5 "$bin" -format json "${templates[@]}")
  cl=$(cpu cfn-lint --format json -- "${templates[@]}")
  ratio=$(awk -v a="$cl" -v b="$lv" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
  echo "round $r: lambdavet ${lv} s, cfn-lint ${cl} s: ${ratio}x"
done

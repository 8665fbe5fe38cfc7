#!/usr/bin/env bash
# Runs libFuzzer targets for a set time each and prints what they did.
#
#   scripts/fuzz.sh BUILD_DIR SECONDS NAME...
#
# Each NAME_fuzz in BUILD_DIR/fuzz starts from its seeds in fuzz/corpus/NAME
# (read only: new inputs go to a scratch directory, so a run leaves the
# tree as it was). A crash, leak, sanitizer report or timeout fails the run;
# the input is saved in BUILD_DIR/fuzz-crashes/ and the message says how to
# keep it as a regression input, which ctest then replays. Targets run side
# by side, FUZZ_JOBS at a time (default: the machine's cores): each is one
# process on one core, so each still gets its SECONDS of fuzzing.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 3 ]; then
  echo "usage: scripts/fuzz.sh BUILD_DIR SECONDS NAME..." >&2
  exit 2
fi
build=$1
seconds=$2
shift 2

crashes="$build/fuzz-crashes"
mkdir -p "$crashes"
scratch=$(mktemp -d /tmp/khabar-fuzz-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

jobs=${FUZZ_JOBS:-$(nproc)}
for name in "$@"; do
  if [ ! -x "$build/fuzz/${name}_fuzz" ]; then
    echo "fuzz.sh: $build/fuzz/${name}_fuzz is missing (make fuzz builds it)" >&2
    exit 2
  fi
done

# fuzz_one runs target $1 and leaves its exit status in $scratch/$1.rc.
fuzz_one() {
  local name=$1
  mkdir -p "$scratch/$name"
  local log="$build/fuzz-$name.log"
  # -timeout: one input running 10 s is a hang; -rss_limit_mb: a bomb.
  # fuzz/NAME.options, when present, adds a target's own flags (one line).
  local extra=()
  if [ -f "fuzz/$name.options" ]; then read -r -a extra <"fuzz/$name.options"; fi
  TMPDIR="$scratch" "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
    -artifact_prefix="$crashes/$name-" "$scratch/$name" "fuzz/corpus/$name" >"$log" 2>&1
  echo $? >"$scratch/$name.rc"
}

for name in "$@"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  fuzz_one "$name" &
done
wait

failed=()
printf '%-14s %8s %12s %10s %8s %8s\n' target seconds executions "exec/s" corpus "cov"
for name in "$@"; do
  log="$build/fuzz-$name.log"
  rc=$(cat "$scratch/$name.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "$scratch/$name" "fuzz/corpus/$name" -type f | wc -l)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-14s %8s %12s %10s %8s %8s\n' "$name" "$seconds" "${execs:-?}" "${rate:-?}" \
    "$corpus" "${cov:-?}"
  if [ "$rc" -ne 0 ]; then
    failed+=("$name")
    echo "---- $name failed (exit $rc); the end of $log:" >&2
    tail -40 "$log" >&2
    for f in "$crashes/$name-"*; do
      [ -e "$f" ] || continue
      echo "keep it as a regression input once fixed: cp $f fuzz/corpus/$name/" >&2
    done
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi

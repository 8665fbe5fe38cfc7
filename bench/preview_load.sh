#!/usr/bin/env bash
# bench/preview_load.sh: readers' latency while reporters preview hostile
# Markdown (issue 15, M1; bench/README.md, "Previews under load").
#
#   bench/preview_load.sh [N]     story count of the corpus, default 1000
#
# For the page cache on (a cached article) and off (the same article
# rendered on every request): readers are measured with wrk alone, then
# again while bench_previewer has PREVIEWERS reporters (4) each post a
# PREVIEW_BYTES (1 MiB) hostile body to /admin/preview in a loop. Readers
# use CONNECTIONS (16) connections at two loads: "full", each connection
# asking again as soon as it is answered (on a small machine that is all
# its CPU), and "steady", each connection pausing PACE_CACHED_MS (1) or
# PACE_UNCACHED_MS (16) ms between requests (wrk.lua, WRK_DELAY_MS): about
# a third of what the machine serves at full load, a server with headroom
# (on 2 cores the newsroom's pool may take one of them). Every run of a
# page is made in one go, so the ratios compare like with like. The
# previewing client runs under SCHED_IDLE (chrt --idle): it stands for
# browsers on other machines, and must not take the server's cores from it.
#
# Environment: BUILD_DIR (build), DURATION (10 s), WARMUP (2 s),
# CONNECTIONS (16), THREADS (2), PREVIEWERS (4), PREVIEW_BYTES (1048576),
# PREVIEW_GZIP (1: the reporters accept gzip, as browsers do; 0: not),
# PACE_CACHED_MS (1), PACE_UNCACHED_MS (16).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD_DIR:-build}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
previewers=${PREVIEWERS:-4}
preview_bytes=${PREVIEW_BYTES:-1048576}
preview_gzip=${PREVIEW_GZIP:-1}
declare -A pace=([cached]=${PACE_CACHED_MS:-1} [uncached]=${PACE_UNCACHED_MS:-16})
n=${1:-1000}

khabar=$build/khabar
corpus_tool=$build/bench/bench_corpus
previewer=$build/bench/bench_previewer
probe=$build/bench/bench_probe
for tool in "$khabar" "$corpus_tool" "$previewer" "$probe" "$(command -v wrk || echo wrk)"; do
  if [ ! -x "$tool" ]; then
    echo "preview_load.sh: $tool not found (make build)" >&2
    exit 1
  fi
done

results=bench/results
mkdir -p "$results"
server_pid="" previewer_pid="" scratch=""
cleanup() {
  for pid in $previewer_pid $server_pid; do
    if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  [ -n "$scratch" ] && rm -rf "$scratch"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A rps p50 p99 p999 errors
declare -a rows=()
# shellcheck source=bench/lib.sh
source bench/lib.sh
raw=$results/$(date +%F)-preview-load.txt
: >"$raw"
log "# readers while $previewers reporters preview $preview_bytes-byte hostile bodies (gzip accepted: $preview_gzip), $(date -Iseconds)"
log "# $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'); $(nproc) CPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
log "# wrk -t$threads -c$connections -d${duration}s after ${warmup}s warm-up; khabar --threads $threads"

corpus=$results/corpus-$n
"$corpus_tool" --stories "$n" --out "$corpus"
scratch=$(mktemp -d /tmp/khabar-preview-XXXXXX)
cp -r "$corpus/khabar.db" "$corpus/media" "$scratch/"
article=$(head -n 1 "$corpus/urls-article.txt")
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$khabar" user add bench-reporter --role reporter --name "Bench Reporter" \
  --db "$scratch/khabar.db" <<<"$password" >/dev/null
cp bench/site.toml "$scratch/site.toml"
{ cat bench/site.toml; printf '\n[cache]\nenabled = false\n'; } >"$scratch/site-nocache.toml"

declare -A preview_line
for config in cached uncached; do
  file=$scratch/site.toml
  [ $config = uncached ] && file=$scratch/site-nocache.toml
  port=$("$probe" free-port)
  t0=$(date +%s%N)
  "$khabar" serve --config "$file" --db "$scratch/khabar.db" --listen "127.0.0.1:$port" \
    --threads "$threads" >"$scratch/$config.log" 2>&1 &
  server_pid=$!
  "$probe" wait --port "$port" --pid "$server_pid" --since-ns "$t0" >/dev/null
  base=http://127.0.0.1:$port
  log ""
  log "## $config article $article"
  measure "$n" "$config-full-idle" "$config article, full load, readers alone" "$base$article"
  WRK_DELAY_MS=${pace[$config]} measure "$n" "$config-steady-idle" \
    "$config article, steady load (${pace[$config]} ms pauses), readers alone" "$base$article"
  # The reporters' browsers are elsewhere in life; here their client shares
  # the server's cores, so it runs only when they would be idle.
  chrt --idle 0 "$previewer" --port "$port" --login bench-reporter --clients "$previewers" \
    --seconds "$((2 * (warmup + duration) + 1))" --bytes "$preview_bytes" --gzip "$preview_gzip" \
    <<<"$password" >"$scratch/previewer.txt" 2>&1 &
  previewer_pid=$!
  tries=0
  until grep -q '^READY' "$scratch/previewer.txt" || ! kill -0 "$previewer_pid" 2>/dev/null ||
    [ $((tries += 1)) -gt 600 ]; do
    sleep 0.1
  done
  measure "$n" "$config-full-previews" "$config article, full load, $previewers reporters previewing" \
    "$base$article"
  WRK_DELAY_MS=${pace[$config]} measure "$n" "$config-steady-previews" \
    "$config article, steady load, $previewers reporters previewing" "$base$article"
  wait "$previewer_pid" || log "  the previewer reports failures"
  previewer_pid=""
  cat "$scratch/previewer.txt" >>"$raw"
  preview_line[$config]=$(grep '^PREVIEWER ' "$scratch/previewer.txt" || echo "PREVIEWER (none)")
  log "  ${preview_line[$config]}"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else print "–" }'; }
echo
echo "| article page | load | p99 alone ms | p99 with $previewers previewers ms | ratio | p50 alone / with ms | req/s alone / with |"
echo "|---|---|---:|---:|---:|---|---|"
for config in cached uncached; do
  for load in full steady; do
    a=$n/$config-$load-idle b=$n/$config-$load-previews
    printf '| %s | %s | %s | %s | %s | %s / %s | %.0f / %.0f |\n' "$config" "$load" "${p99[$a]}" \
      "${p99[$b]}" "$(ratio "${p99[$b]}" "${p99[$a]}")" "${p50[$a]}" "${p50[$b]}" "${rps[$a]}" \
      "${rps[$b]}"
  done
done
echo
for config in cached uncached; do
  w=${preview_line[$config]}
  echo "While the $config page was read: $(field "$w" ok) previews answered, $(field "$w" failed) not;" \
    "median $(field "$w" median_ms) ms, slowest $(field "$w" max_ms) ms; answers $(field "$w" mean_kib) KiB on average."
done

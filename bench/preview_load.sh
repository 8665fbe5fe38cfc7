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
# use CONNECTIONS (16) connections: a steady load, not the saturation of
# run.sh, so p99 shows waiting rather than throughput. Both runs of a page
# are made in one go, so the ratio compares like with like. The previewing
# client runs under SCHED_IDLE (chrt --idle): it stands for browsers on
# other machines, and must not take the server's cores from it.
#
# Environment: BUILD_DIR (build), DURATION (10 s), WARMUP (2 s),
# CONNECTIONS (16), THREADS (2), PREVIEWERS (4), PREVIEW_BYTES (1048576),
# PREVIEW_GZIP (1: the reporters accept gzip, as browsers do; 0: not).
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
  measure "$n" "$config-idle" "$config article, readers alone" "$base$article"
  # The reporters' browsers are elsewhere in life; here their client shares
  # the server's cores, so it runs only when they would be idle.
  chrt --idle 0 "$previewer" --port "$port" --login bench-reporter --clients "$previewers" \
    --seconds "$((warmup + duration + 1))" --bytes "$preview_bytes" --gzip "$preview_gzip" <<<"$password" \
    >"$scratch/previewer.txt" 2>&1 &
  previewer_pid=$!
  tries=0
  until grep -q '^READY' "$scratch/previewer.txt" || ! kill -0 "$previewer_pid" 2>/dev/null ||
    [ $((tries += 1)) -gt 600 ]; do
    sleep 0.1
  done
  measure "$n" "$config-previews" "$config article, $previewers reporters previewing" "$base$article"
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
echo "| article page | p99 alone ms | p99 with $previewers previewers ms | ratio | p50 alone / with ms | req/s alone / with | previews answered (median ms, mean answer KiB) |"
echo "|---|---:|---:|---:|---|---|---|"
for config in cached uncached; do
  a=$n/$config-idle b=$n/$config-previews
  w=${preview_line[$config]}
  printf '| %s | %s | %s | %s | %s / %s | %.0f / %.0f | %s (%s) |\n' "$config" "${p99[$a]}" \
    "${p99[$b]}" "$(ratio "${p99[$b]}" "${p99[$a]}")" "${p50[$a]}" "${p50[$b]}" "${rps[$a]}" \
    "${rps[$b]}" "$(field "$w" ok)" "$(field "$w" median_ms), $(field "$w" mean_kib)"
done

#!/usr/bin/env bash
# bench/soak.sh: a bounded soak (bench/README.md, "Soak"); `make soak`.
#
# The real server on loopback, a fresh SQLite database with the demo
# content (`serve --demo`, bench/soak.toml), for SOAK_SECONDS (600):
#   reads   wrk, SOAK_CONNECTIONS (16) connections, each pausing
#           SOAK_DELAY_MS (10) between requests, over the home page, every
#           article, section, tag and author page it links, the feeds and
#           four searches (bench/soak.lua)
#   writes  bench_writer: an editor signs in, creates and publishes a story
#           every 2 s and saves one more version of each once it shows;
#           readers post 2 comments a second on the newest story, each from
#           a loopback address of its own
# The server's RSS is read from /proc every SOAK_SAMPLE_SECONDS (10). At the
# end a table: RSS at start (load begins), after warm-up (a tenth of the
# run), at the end and the most; requests the server answered (its own
# /metrics, by status), the 429s (expected: the search limit), and errors:
# answers other than 2xx, 3xx and 429, wrk's socket errors, the writer's
# failures and errors the server logged.
#
# Exit status 1 when there were errors or the RSS at the end is more than
# SOAK_RSS_BOUND (1.5) times the RSS after warm-up, or when wrk is missing
# (scripts/deps.sh installs it).
# Environment: BUILD_DIR (build). Raw output: bench/results/soak-DATE.txt
# (only for runs of 60 s or more; shorter ones are smoke runs).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD_DIR:-build}
seconds=${SOAK_SECONDS:-600}
connections=${SOAK_CONNECTIONS:-16}
export SOAK_DELAY_MS=${SOAK_DELAY_MS:-10}
sample=${SOAK_SAMPLE_SECONDS:-10}
bound=${SOAK_RSS_BOUND:-1.5}

khabar=$build/khabar
writer=$build/bench/bench_writer
probe=$build/bench/bench_probe
if ! command -v wrk >/dev/null; then
  echo "soak.sh: wrk not found (bash scripts/deps.sh installs it)" >&2
  exit 1
fi
for tool in "$khabar" "$writer" "$probe" "$(command -v curl || echo curl)"; do
  if [ ! -x "$tool" ]; then
    echo "soak.sh: $tool not found (make build)" >&2
    exit 1
  fi
done

scratch=$(mktemp -d /tmp/khabar-soak-XXXXXX)
server_pid="" wrk_pid="" writer_pid="" sampler_pid=""
cleanup() {
  for pid in $sampler_pid $writer_pid $wrk_pid $server_pid; do
    if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$scratch"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

raw=/dev/null
if [ "$seconds" -ge 60 ]; then
  mkdir -p bench/results
  raw=bench/results/soak-$(date +%F-%H%M).txt
  : >"$raw"
fi
log() { echo "$*" | tee -a "$raw"; }
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# num LINE KEY is field, or 0 when the line or the key is missing.
num() {
  local v
  v=$(field "$1" "$2")
  echo "${v:-0}"
}

# ---- The server ----

port=$("$probe" free-port)
metrics_port=$("$probe" free-port)
while [ "$metrics_port" = "$port" ]; do metrics_port=$("$probe" free-port); done
since=$(date +%s%N)
"$khabar" serve --config bench/soak.toml --db "$scratch/khabar.db" --demo --threads 2 \
  --listen "127.0.0.1:$port" --metrics-listen "127.0.0.1:$metrics_port" \
  >"$scratch/server.log" 2>&1 &
server_pid=$!
if ! "$probe" wait --port "$port" --pid "$server_pid" --since-ns "$since" --timeout-ms 60000 \
  >/dev/null; then
  echo "soak.sh: the server did not start:" >&2
  tail -n 20 "$scratch/server.log" >&2
  exit 1
fi
password=soak-editor-password-1
"$khabar" user add soak --role editor --db "$scratch/khabar.db" <<<"$password" >/dev/null

# Every page the home page links, the feeds and some searches.
base=http://127.0.0.1:$port
curl -s "$base/" | grep -o 'href="/[^"#?]*"' | sed 's/^href="//; s/"$//' |
  grep -E '^/(news|section|tag|author)/' | sort -u >"$scratch/paths"
{
  echo /
  printf '%s\n' /feed.xml /atom.xml /sitemap.xml /news-sitemap.xml /robots.txt
  printf '%s\n' '/search?q=water' '/search?q=cricket' '/search?q=climate+fund' \
    '/search?q=karachi&page=2'
} >>"$scratch/paths"
npaths=$(wc -l <"$scratch/paths")
# Each page once, so the run measures a settled server, not its first reads.
sed "s|^|$base|" "$scratch/paths" | xargs -n 1 curl -s -o /dev/null

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0; }

log "soak: $(date -u '+%F %H:%M') UTC, ${seconds} s, khabar on 127.0.0.1:$port, $npaths paths," \
  "wrk -c$connections with ${SOAK_DELAY_MS} ms pauses, a story every 2 s (+1 edit)," \
  "2 comments/s, $(nproc) CPUs"

# ---- The load ----

start_rss=$(rss_kb)
warm_at=$((seconds / 10))
[ "$warm_at" -lt "$sample" ] && warm_at=$sample
(
  t=0
  while [ "$t" -le "$seconds" ]; do
    echo "$t $(rss_kb)"
    sleep "$sample"
    t=$((t + sample))
  done
) >"$scratch/rss" &
sampler_pid=$!

wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s -s bench/soak.lua "$base" \
  -- "$scratch/paths" >"$scratch/wrk.out" 2>&1 &
wrk_pid=$!
"$writer" --port "$port" --login soak --seconds "$seconds" --rate 0.5 --edits 1 \
  --comment-rate 2 --quiet 1 --section Pakistan --tags "Karachi, Economy" \
  <<<"$password" >"$scratch/writer.out" 2>"$scratch/writer.err" &
writer_pid=$!

wrk_status=0 writer_status=0
wait "$wrk_pid" || wrk_status=$?
wrk_pid=""
wait "$writer_pid" || writer_status=$?
writer_pid=""
end_rss=$(rss_kb)
kill -TERM "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
echo "$seconds $end_rss" >>"$scratch/rss"

# ---- What happened ----

# The server's own count of answers, by status.
curl -s "http://127.0.0.1:$metrics_port/metrics" |
  sed -n 's/^khabar_http_requests_total{.*status="\([0-9]*\)"} \([0-9.e+]*\)$/\1 \2/p' |
  awk '{n[$1] += $2} END {for (s in n) printf "%s %d\n", s, n[s]}' | sort >"$scratch/statuses"
requests=$(awk '{t += $2} END {print t + 0}' "$scratch/statuses")
limited=$(awk '$1 == 429 {t += $2} END {print t + 0}' "$scratch/statuses")
bad_answers=$(awk '$1 !~ /^[23]/ && $1 != 429 {t += $2} END {print t + 0}' "$scratch/statuses")

wrk_line=$(grep '^RESULT ' "$scratch/wrk.out" || true)
if [ -z "$wrk_line" ]; then
  wrk_requests=0 socket_errors=1
  log "wrk reported nothing (exit $wrk_status): $(tail -n 1 "$scratch/wrk.out")"
else
  wrk_requests=$(num "$wrk_line" requests)
  socket_errors=$(num "$wrk_line" socket_errors)
fi
writer_line=$(grep '^WRITER ' "$scratch/writer.out" || true)
published=$(num "$writer_line" published)
writer_failed=$(($(num "$writer_line" failed) + $(num "$writer_line" not_visible_10s)))
edits_line=$(grep '^EDITS ' "$scratch/writer.out" || true)
comments_line=$(grep '^COMMENTS ' "$scratch/writer.out" || true)
writer_failed=$((writer_failed + $(num "$edits_line" failed) + $(num "$comments_line" refused)))
[ "$writer_status" -ne 0 ] && [ "$writer_failed" -eq 0 ] && writer_failed=1
logged_errors=$(grep -cE '\[(error|critical)\]' "$scratch/server.log" || true)
errors=$((bad_answers + socket_errors + writer_failed + logged_errors))

warm_rss=$(awk -v w="$warm_at" '$1 >= w {print $2; exit}' "$scratch/rss")
[ -z "$warm_rss" ] && warm_rss=$start_rss
max_rss=$(awk -v m="$start_rss" '$2 > m {m = $2} END {print m}' "$scratch/rss")
hwm=$(hwm_kb)
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
grew=$(awk -v e="$end_rss" -v w="$warm_rss" -v b="$bound" 'BEGIN {print (e > w * b) ? 1 : 0}')

{
  echo "=== RSS samples (seconds, KiB)"
  cat "$scratch/rss"
  echo "=== answers by status"
  cat "$scratch/statuses"
  echo "=== wrk"
  cat "$scratch/wrk.out"
  echo "=== writer"
  cat "$scratch/writer.out" "$scratch/writer.err"
  echo "=== server errors and warnings"
  grep -E '\[(error|critical|warning)\]' "$scratch/server.log" || true
} >>"$raw"

log ""
log "| soak, $(date -u +%F) | |"
log "|---|---|"
log "| duration | ${seconds} s |"
log "| requests answered (server) | $requests ($wrk_requests reads by wrk; $published stories published and edited, $(num "$comments_line" posted) comments) |"
log "| 429 (search limit, expected) | $limited |"
log "| errors | $errors (other 4xx/5xx $bad_answers, socket $socket_errors, writer $writer_failed, logged $logged_errors) |"
log "| RSS start / after warm-up (${warm_at} s) / end / max | $(mb "$start_rss") / $(mb "$warm_rss") / $(mb "$end_rss") / $(mb "$max_rss") MB (VmHWM $(mb "$hwm") MB) |"

status=0
if [ "$errors" -gt 0 ]; then
  log "FAIL: $errors errors"
  grep -E '\[(error|critical)\]' "$scratch/server.log" | head -n 5 >&2 || true
  head -n 5 "$scratch/writer.err" >&2 || true
  awk '$1 !~ /^[23]/ && $1 != 429' "$scratch/statuses" >&2
  status=1
fi
if [ "$grew" = 1 ]; then
  log "FAIL: RSS grew from $(mb "$warm_rss") MB after warm-up to $(mb "$end_rss") MB (bound ${bound}x)"
  status=1
fi
[ "$status" -eq 0 ] && log "ok: no errors, RSS at the end within ${bound}x of after warm-up"
exit "$status"

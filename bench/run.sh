#!/usr/bin/env bash
# bench/run.sh: the page benchmarks (bench/README.md, "Pages").
#
#   bench/run.sh [N ...]     story counts, default 10000 (e.g. 1000 10000 100000)
#
# For each N: a corpus of N stories (bench_corpus, cached in
# bench/results/corpus-N/), copied to a scratch directory so the runs never
# change it. Then, all with wrk -t THREADS -c CONNECTIONS -d DURATION after a
# WARMUP of the same load:
#   khabar, default settings   one article, 300 articles in turn, home, a tag
#                              page, a search; start-up time; peak RSS
#   nginx                      the same article's HTML as a static file
#   khabar, [cache] off        the same pages again
#   khabar, default settings   home, sections and articles mixed, while
#                              bench_writer publishes 5 stories a second
#                              through the newsroom and times how long each
#                              takes to show on its page and the home page
# Raw output goes to bench/results/DATE-N.txt; a Markdown table for
# bench/README.md is printed at the end.
#
# Environment: BUILD_DIR (build), DURATION (10 s), WARMUP (3 s),
# CONNECTIONS (64), THREADS (2: wrk's threads and the server's),
# WRITER_RATE (5 stories/s).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD_DIR:-build}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
writer_rate=${WRITER_RATE:-5}
if [ $# -gt 0 ]; then counts=("$@"); else counts=(10000); fi

khabar=$build/khabar
corpus_tool=$build/bench/bench_corpus
writer=$build/bench/bench_writer
probe=$build/bench/bench_probe
nginx=/usr/sbin/nginx
for tool in "$khabar" "$corpus_tool" "$writer" "$probe" "$nginx" "$(command -v wrk || echo wrk)" \
  "$(command -v curl || echo curl)"; do
  if [ ! -x "$tool" ]; then
    echo "run.sh: $tool not found (make build; bash scripts/deps.sh --bench)" >&2
    exit 1
  fi
done

today=$(date +%F)
results=bench/results
mkdir -p "$results"

# ---- Processes this script started, stopped on any exit ----

server_pid="" nginx_pid="" writer_pid="" scratch="" nginx_dir=""
cleanup() {
  for pid in $writer_pid $server_pid $nginx_pid; do
    if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  [ -n "$scratch" ] && rm -rf "$scratch"
  [ -n "$nginx_dir" ] && rm -rf "$nginx_dir"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Results: one RESULT line per measurement, keyed "N/name" ----

declare -A rps p50 p99 p999 errors
declare -A startup_ms rss_mb writer_line
declare -a rows=()

raw=""
# shellcheck source=bench/lib.sh
source bench/lib.sh

# start_khabar LABEL CONFIG: serves the scratch copy; sets server_pid,
# port and started_ms. Fails (returns 1) when the server refuses to start.
start_khabar() {
  local label=$1 config=$2
  port=$("$probe" free-port)
  local t0
  t0=$(date +%s%N)
  "$khabar" serve --config "$config" --db "$scratch/khabar.db" \
    --listen "127.0.0.1:$port" --threads "$threads" >"$scratch/$label.log" 2>&1 &
  server_pid=$!
  if ! started_ms=$("$probe" wait --port "$port" --pid "$server_pid" --since-ns "$t0"); then
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    log "  khabar ($label) did not start: $(tail -n 3 "$scratch/$label.log")"
    return 1
  fi
  log "  khabar ($label) answered /healthz $started_ms ms after spawn (port $port)"
}

# stop_khabar: records the peak resident set (VmHWM) in rss, then stops
# it; says so when it died during the run. Either way the server's own
# messages (its log without the access lines) go to the raw file.
stop_khabar() {
  local label=$1
  rss=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || true)
  if [ -n "$rss" ]; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    log "  peak RSS ${rss} MB"
  else
    local status=0
    wait "$server_pid" || status=$?
    rss="died"
    log "  khabar ($label) DIED during the run, exit status $status"
  fi
  server_pid=""
  {
    echo "--- khabar ($label) log, access lines left out:"
    grep -v '^[0-9a-f.:]* "' "$scratch/$label.log" | tail -n 40
    echo
  } >>"$raw"
}

start_nginx() {
  local html=$1 path=$2
  nginx_dir=$(mktemp -d /tmp/khabar-bench-nginx-XXXXXX)
  # nginx's workers run as nobody when started by root: they must read it.
  chmod 755 "$nginx_dir"
  mkdir -p "$nginx_dir/www"
  cp "$html" "$nginx_dir/www/article.html"
  chmod -R a+rX "$nginx_dir/www"
  port=$("$probe" free-port)
  # Two workers (as khabar has two threads), the file from the page cache
  # with sendfile, no access log, and keep-alive connections never
  # retired (khabar keeps them for as long as the client does).
  cat >"$nginx_dir/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $nginx_dir/body;
  proxy_temp_path $nginx_dir/proxy;
  fastcgi_temp_path $nginx_dir/fastcgi;
  uwsgi_temp_path $nginx_dir/uwsgi;
  scgi_temp_path $nginx_dir/scgi;
  server {
    listen 127.0.0.1:$port;
    root $nginx_dir/www;
    location / { try_files /article.html =404; }
  }
}
EOF
  "$nginx" -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/error.log" &
  nginx_pid=$!
  "$probe" wait --port "$port" --pid "$nginx_pid" --timeout-ms 10000 >/dev/null
  log "  nginx $("$nginx" -v 2>&1 | sed 's/.*: //') on port $port, serving $path"
}

stop_nginx() {
  kill -TERM "$nginx_pid"
  wait "$nginx_pid" || true
  nginx_pid=""
  rm -rf "$nginx_dir"
  nginx_dir=""
}

# ---- One story count ----

run_count() {
  local n=$1
  local started=$SECONDS
  raw=$results/$today-$n.txt
  : >"$raw"
  log "# khabar page benchmarks, $n stories, $(date -Iseconds)"
  log "# $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'); $(nproc) CPU ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)); $(free -g | awk '/^Mem/ { print $2 }') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
  log "# wrk -t$threads -c$connections -d${duration}s after ${warmup}s warm-up; khabar --threads $threads; $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"

  local corpus=$results/corpus-$n
  "$corpus_tool" --stories "$n" --out "$corpus"
  # shellcheck disable=SC1091
  source "$corpus/corpus.env"
  log "# corpus: $STORIES stories (generated in ${GENERATED_SECONDS} s); tag /tag/$TOP_TAG on $TOP_TAG_STORIES; search word '$SEARCH_WORD'"

  scratch=$(mktemp -d /tmp/khabar-bench-XXXXXX)
  cp -r "$corpus/khabar.db" "$corpus/media" "$scratch/"
  local article_paths=$corpus/urls-article.txt
  local article
  article=$(head -n 1 "$article_paths")
  local editor=bench-editor password
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  "$khabar" user add "$editor" --role editor --name "Bench Editor" --db "$scratch/khabar.db" \
    <<<"$password" >/dev/null
  # The mixed load: every sampled article once, the home page 90 times
  # and each section 6 times, in a fixed shuffled order.
  {
    cat "$article_paths"
    for _ in $(seq 90); do echo /; done
    for _ in $(seq 6); do cat "$corpus/urls-section.txt"; done
  } | shuf --random-source=<(yes) >"$scratch/urls-mixed.txt"
  cp bench/site.toml "$scratch/site.toml"
  { cat bench/site.toml; printf '\n[cache]\nenabled = false\n'; } >"$scratch/site-nocache.toml"

  local pages=("home|/" "tag|/tag/$TOP_TAG" "search|/search?q=$SEARCH_WORD")

  log ""
  log "## khabar, default settings"
  start_khabar default "$scratch/site.toml"
  startup_ms[$n/default]=$started_ms
  local base=http://127.0.0.1:$port
  curl -sf -o "$scratch/article.html" "$base$article" || true
  measure "$n" article-1 "khabar, one article $article" "$base$article"
  prime "$base" "$article_paths"
  measure "$n" article-300 "khabar, $(wc -l <"$article_paths") articles in turn" "$base/" \
    "$article_paths"
  local p
  for p in "${pages[@]}"; do
    measure "$n" "${p%%|*}" "khabar, ${p#*|}" "$base${p#*|}"
  done
  stop_khabar default
  rss_mb[$n/default]=$rss

  log ""
  log "## nginx, the same article as a static file"
  if [ -s "$scratch/article.html" ]; then
    start_nginx "$scratch/article.html" "$article"
    measure "$n" nginx "nginx, static copy of $article" "http://127.0.0.1:$port$article"
    stop_nginx
  else
    log "  (skipped: khabar did not answer $article)"
  fi

  log ""
  log "## khabar, [cache] enabled = false"
  if start_khabar nocache "$scratch/site-nocache.toml"; then
    startup_ms[$n/nocache]=$started_ms
    base=http://127.0.0.1:$port
    measure "$n" article-1-nocache "khabar, cache off, one article $article" "$base$article"
    measure "$n" article-300-nocache "khabar, cache off, articles in turn" "$base/" "$article_paths"
    for p in "${pages[@]}"; do
      measure "$n" "${p%%|*}-nocache" "khabar, cache off, ${p#*|}" "$base${p#*|}"
    done
    stop_khabar nocache
    rss_mb[$n/nocache]=$rss
  else
    log "  (skipped: this build does not accept [cache] enabled = false)"
  fi

  log ""
  log "## khabar, default settings: mixed reads while an editor publishes $writer_rate stories/s"
  start_khabar mixed "$scratch/site.toml"
  base=http://127.0.0.1:$port
  prime "$base" "$scratch/urls-mixed.txt"
  # The writer signs in first and says READY; it publishes through the
  # warm-up and the measured run.
  "$writer" --port "$port" --login "$editor" --seconds "$((warmup + duration - 1))" \
    --rate "$writer_rate" <<<"$password" >"$scratch/writer.txt" 2>&1 &
  writer_pid=$!
  local tries=0
  until grep -q '^READY' "$scratch/writer.txt" || ! kill -0 "$writer_pid" 2>/dev/null ||
    [ $((tries += 1)) -gt 600 ]; do
    sleep 0.1
  done
  measure "$n" mixed "khabar, home/sections/articles mixed, with the writer" "$base/" \
    "$scratch/urls-mixed.txt"
  wait "$writer_pid" || log "  the writer reports failures (below)"
  writer_pid=""
  cat "$scratch/writer.txt" >>"$raw"
  writer_line[$n]=$(grep '^WRITER ' "$scratch/writer.txt" || echo "WRITER (no summary)")
  log "  ${writer_line[$n]}"
  stop_khabar mixed
  rss_mb[$n/mixed]=$rss

  rm -rf "$scratch"
  scratch=""
  log ""
  log "# $n stories: $((SECONDS - started)) s; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
}

for n in "${counts[@]}"; do
  echo "run.sh: $n stories -> $results/$today-$n.txt"
  run_count "$n"
done

# ---- The table for bench/README.md ----

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else print "–" }'; }

echo
echo "| stories | page | server | req/s | p50 ms | p99 ms | p99.9 ms | errors | req/s ÷ nginx | p99 ÷ nginx |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"
for key in "${rows[@]}"; do
  n=${key%%/*}
  name=${key#*/}
  case $name in
    nginx) server="nginx 2 workers" ;;
    *-nocache) server="khabar, cache off" ;;
    mixed) server="khabar + writer" ;;
    *) server="khabar" ;;
  esac
  page=${name%-nocache}
  case $page in
    article-1) page="one article" ;;
    article-300 | nginx) [ "$page" = nginx ] && page="one article (static file)" || page="300 articles in turn" ;;
    tag) page="tag listing" ;;
    search) page="search" ;;
    mixed) page="home, sections, articles" ;;
  esac
  printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "$n" "$page" "$server" \
    "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${p999[$key]}" "${errors[$key]}" \
    "$(ratio "${rps[$key]}" "${rps[$n/nginx]}")" "$(ratio "${p99[$key]}" "${p99[$n/nginx]}")"
done
echo
echo "| stories | start-up to first /healthz (default / cache off) | peak RSS MB (reads / cache off / mixed) | publish → article page p50 / max | publish → home page p50 / max |"
echo "|---:|---|---|---|---|"
for n in "${counts[@]}"; do
  w=${writer_line[$n]}
  printf '| %s | %s ms / %s ms | %s / %s / %s | %s ms / %s ms | %s ms / %s ms |\n' "$n" \
    "${startup_ms[$n/default]}" "${startup_ms[$n/nocache]:-–}" \
    "${rss_mb[$n/default]}" "${rss_mb[$n/nocache]:-–}" "${rss_mb[$n/mixed]}" \
    "$(field "$w" article_visible_p50_ms)" "$(field "$w" article_visible_max_ms)" \
    "$(field "$w" home_visible_p50_ms)" "$(field "$w" home_visible_max_ms)"
done

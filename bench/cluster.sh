#!/usr/bin/env bash
# bench/cluster.sh: two khabar nodes on one PostgreSQL database
# (bench/README.md, "Two nodes on PostgreSQL"; docs/deploy.md).
#
#   bench/cluster.sh [N]     stories, default 10000
#
# The corpus of bench/run.sh (bench_corpus, cached in bench/results/) is
# moved into a fresh PostgreSQL 15 cluster with `khabar migrate` (timed),
# with PostgreSQL's durable defaults (fsync and synchronous commit on).
# Then, with wrk as in run.sh:
#   SQLite, one node            articles in turn, page cache off (the
#                               baseline, same machine, same run)
#   PostgreSQL, one node        articles in turn, cache on and off; search
#   PostgreSQL, two nodes       the same, one wrk per node at once (half the
#                               connections each), throughput summed
#   two nodes + a writer        node A publishes WRITER_RATE stories/s
#                               through its newsroom; the time until each
#                               shows on node B's article page and home page
# Raw output: bench/results/DATE-cluster-N.txt; a Markdown table at the end.
#
# On one small machine the nodes, PostgreSQL and wrk share the same cores:
# two nodes do not add CPU here. What this measures is what the shared
# database costs per page and how fast a change crosses nodes.
#
# Environment: BUILD_DIR (build), DURATION (10), WARMUP (3), CONNECTIONS
# (64), THREADS (2), WRITER_RATE (5).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD_DIR:-build}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
writer_rate=${WRITER_RATE:-5}
n=${1:-10000}

khabar=$build/khabar
corpus_tool=$build/bench/bench_corpus
writer=$build/bench/bench_writer
probe=$build/bench/bench_probe
for tool in "$khabar" "$corpus_tool" "$writer" "$probe" "$(command -v wrk || echo wrk)" \
  "$(command -v psql || echo psql)"; do
  if [ ! -x "$tool" ]; then
    echo "cluster.sh: $tool not found (make build; bash scripts/deps.sh --bench)" >&2
    exit 1
  fi
done

results=bench/results
mkdir -p "$results"
raw=$results/$(date +%F)-cluster-$n.txt
: >"$raw"

declare -A rps p50 p99 p999 errors
declare -a rows=()
# shellcheck source=bench/lib.sh
source bench/lib.sh
raw=$results/$(date +%F)-cluster-$n.txt

scratch=$(mktemp -d /tmp/khabar-bench-cluster-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  bash scripts/pg-test-cluster.sh stop "$scratch/pg" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_node NAME DB CONFIG [ARGS...]: a node on a free port; sets port.
start_node() {
  local name=$1 db=$2 config=$3
  shift 3
  port=$("$probe" free-port)
  local t0
  t0=$(date +%s%N)
  "$khabar" serve --config "$config" --db "$db" --media "$scratch/media" \
    --listen "127.0.0.1:$port" --threads "$threads" "$@" >"$scratch/$name.log" 2>&1 &
  pids+=($!)
  local ms
  if ! ms=$("$probe" wait --port "$port" --pid "$!" --since-ns "$t0"); then
    log "  node $name did not start: $(tail -n 3 "$scratch/$name.log")"
    exit 1
  fi
  log "  node $name on port $port, answered /healthz $ms ms after spawn"
}

# stop_nodes: peak RSS of each, then SIGTERM.
stop_nodes() {
  local pid
  for pid in "${pids[@]}"; do
    log "  node pid $pid peak RSS $(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status") MB"
    kill -TERM "$pid"
    wait "$pid" || true
  done
  pids=()
}

# measure_pair NAME LABEL URL_A URL_B [PATHS]: wrk on both nodes at once,
# half the connections each; throughput summed, the worse percentiles kept.
measure_pair() {
  local name=$1 label=$2 a=$3 b=$4 paths=${5:-}
  local half=$((connections / 2)) t=$((threads > 1 ? threads / 2 : 1))
  local extra=()
  [ -n "$paths" ] && extra=(-- "$paths")
  # Only the wrk just started is waited for: the nodes are jobs too.
  wrk -t"$t" -c"$half" -d"${warmup}s" -s bench/wrk.lua "$a" "${extra[@]}" >/dev/null 2>&1 &
  local other=$!
  wrk -t"$t" -c"$half" -d"${warmup}s" -s bench/wrk.lua "$b" "${extra[@]}" >/dev/null 2>&1 || true
  wait "$other" || true
  wrk -t"$t" -c"$half" -d"${duration}s" --latency --timeout 5s -s bench/wrk.lua "$a" "${extra[@]}" \
    >"$scratch/wrk-a.txt" 2>&1 &
  other=$!
  wrk -t"$t" -c"$half" -d"${duration}s" --latency --timeout 5s -s bench/wrk.lua "$b" "${extra[@]}" \
    >"$scratch/wrk-b.txt" 2>&1 || true
  wait "$other" || true
  {
    echo "=== $name: $label (node A, then node B)"
    cat "$scratch/wrk-a.txt" "$scratch/wrk-b.txt"
    echo
  } >>"$raw"
  local la lb key=$n/$name
  la=$(grep '^RESULT ' "$scratch/wrk-a.txt" || true)
  lb=$(grep '^RESULT ' "$scratch/wrk-b.txt" || true)
  rows+=("$key")
  if [ -z "$la" ] || [ -z "$lb" ]; then
    rps[$key]=0 p50[$key]=– p99[$key]=– p999[$key]=– errors[$key]="no answer"
    log "  $name: wrk got no answer"
    return 0
  fi
  max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
  rps[$key]=$(awk -v a="$(field "$la" rps)" -v b="$(field "$lb" rps)" 'BEGIN { printf "%.0f", a + b }')
  p50[$key]=$(max "$(field "$la" p50_ms)" "$(field "$lb" p50_ms)")
  p99[$key]=$(max "$(field "$la" p99_ms)" "$(field "$lb" p99_ms)")
  p999[$key]=$(max "$(field "$la" p999_ms)" "$(field "$lb" p999_ms)")
  errors[$key]=$(($(field "$la" status_errors) + $(field "$la" socket_errors) +
    $(field "$lb" status_errors) + $(field "$lb" socket_errors)))
  printf '  %-22s %9s req/s  p50 %7s ms  p99 %7s ms  p99.9 %7s ms  errors %s\n' "$name" \
    "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${p999[$key]}" "${errors[$key]}" | tee -a "$raw"
}

log "# khabar on PostgreSQL, two nodes, $n stories, $(date -Iseconds)"
log "# $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'); $(nproc) CPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
log "# wrk -t$threads -c$connections -d${duration}s after ${warmup}s warm-up (two nodes: half each); khabar --threads $threads"

corpus=$results/corpus-$n
"$corpus_tool" --stories "$n" --out "$corpus"
# shellcheck disable=SC1091
source "$corpus/corpus.env"
cp -r "$corpus/khabar.db" "$corpus/media" "$scratch/"
paths=$corpus/urls-article.txt
cp bench/site.toml "$scratch/site.toml"
{ cat bench/site.toml; printf '\n[cache]\nenabled = false\n'; } >"$scratch/site-nocache.toml"

log ""
log "## PostgreSQL and the move"
PG_DURABLE=1 bash scripts/pg-test-cluster.sh start "$scratch/pg" | tee -a "$raw"
cluster_url=$(cat "$scratch/pg/url")
psql -q "$cluster_url" -c "CREATE DATABASE khabar"
pg=${cluster_url%/*}/khabar
t0=$(date +%s%N)
"$khabar" migrate --from "sqlite:$scratch/khabar.db" --to "$pg" >"$scratch/migrate.txt" 2>&1
migrate_ms=$((($(date +%s%N) - t0) / 1000000))
cat "$scratch/migrate.txt" >>"$raw"
migrated_rows=$(psql -tA "$pg" -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
log "  khabar migrate: $migrate_ms ms for about $migrated_rows rows"
editor=bench-editor
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$khabar" user add "$editor" --role editor --name "Bench Editor" --db "$pg" <<<"$password" >/dev/null

log ""
log "## SQLite, one node (baseline)"
start_node sqlite "$scratch/khabar.db" "$scratch/site-nocache.toml"
measure "$n" sqlite-nocache "SQLite, cache off, articles in turn" "http://127.0.0.1:$port/" "$paths"
stop_nodes

log ""
log "## PostgreSQL, one node"
start_node a "$pg" "$scratch/site-nocache.toml"
measure "$n" pg1-nocache "PostgreSQL, one node, cache off, articles in turn" \
  "http://127.0.0.1:$port/" "$paths"
measure "$n" pg1-search "PostgreSQL, one node, search" "http://127.0.0.1:$port/search?q=$SEARCH_WORD"
stop_nodes
start_node a "$pg" "$scratch/site.toml"
prime "http://127.0.0.1:$port" "$paths"
measure "$n" pg1-cached "PostgreSQL, one node, cache on, articles in turn" \
  "http://127.0.0.1:$port/" "$paths"
stop_nodes

log ""
log "## PostgreSQL, two nodes"
start_node a "$pg" "$scratch/site-nocache.toml"
port_a=$port
start_node b "$pg" "$scratch/site-nocache.toml"
port_b=$port
measure_pair pg2-nocache "PostgreSQL, two nodes, cache off, articles in turn" \
  "http://127.0.0.1:$port_a/" "http://127.0.0.1:$port_b/" "$paths"
stop_nodes
start_node a "$pg" "$scratch/site.toml"
port_a=$port
start_node b "$pg" "$scratch/site.toml"
port_b=$port
prime "http://127.0.0.1:$port_a" "$paths"
prime "http://127.0.0.1:$port_b" "$paths"
measure_pair pg2-cached "PostgreSQL, two nodes, cache on, articles in turn" \
  "http://127.0.0.1:$port_a/" "http://127.0.0.1:$port_b/" "$paths"

log ""
log "## Two nodes: node A publishes $writer_rate stories/s, node B is read"
"$writer" --port "$port_a" --read-port "$port_b" --login "$editor" \
  --seconds "$((warmup + duration - 1))" --rate "$writer_rate" <<<"$password" \
  >"$scratch/writer.txt" 2>&1 &
writer_pid=$!
tries=0
until grep -q '^READY' "$scratch/writer.txt" || ! kill -0 "$writer_pid" 2>/dev/null ||
  [ $((tries += 1)) -gt 600 ]; do
  sleep 0.1
done
measure_pair pg2-mixed "PostgreSQL, two nodes, articles in turn, with the writer on A" \
  "http://127.0.0.1:$port_a/" "http://127.0.0.1:$port_b/" "$paths"
wait "$writer_pid" || log "  the writer reports failures (below)"
cat "$scratch/writer.txt" >>"$raw"
writer_line=$(grep '^WRITER ' "$scratch/writer.txt" || echo "WRITER (no summary)")
log "  $writer_line"
stop_nodes

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else print "–" }'; }
echo
echo "| stories | pages | setup | req/s | p50 ms | p99 ms | p99.9 ms | errors | req/s ÷ SQLite, cache off |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
for key in "${rows[@]}"; do
  name=${key#*/}
  case $name in
    sqlite-nocache) setup="SQLite, 1 node, cache off" page="articles in turn" ;;
    pg1-nocache) setup="PostgreSQL, 1 node, cache off" page="articles in turn" ;;
    pg1-search) setup="PostgreSQL, 1 node" page="search" ;;
    pg1-cached) setup="PostgreSQL, 1 node, cache on" page="articles in turn" ;;
    pg2-nocache) setup="PostgreSQL, 2 nodes, cache off" page="articles in turn" ;;
    pg2-cached) setup="PostgreSQL, 2 nodes, cache on" page="articles in turn" ;;
    pg2-mixed) setup="PostgreSQL, 2 nodes, cache on, writer on A" page="articles in turn" ;;
  esac
  printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$n" "$page" "$setup" \
    "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${p999[$key]}" "${errors[$key]}" \
    "$(ratio "${rps[$key]}" "${rps[$n/sqlite-nocache]}")"
done
echo
echo "khabar migrate: $migrate_ms ms for about $migrated_rows rows"
echo "publish on A → visible on B: article p50 $(field "$writer_line" article_visible_p50_ms) ms, max $(field "$writer_line" article_visible_max_ms) ms; home p50 $(field "$writer_line" home_visible_p50_ms) ms, max $(field "$writer_line" home_visible_max_ms) ms"

# bench/lib.sh: what bench/run.sh and bench/cluster.sh share. Sourced, not
# run. The caller sets threads, connections, warmup and duration (wrk's
# load), declares the associative arrays rps p50 p99 p999 errors and the
# array rows, and points `raw` at its raw output file.

raw=""
log() { echo "$*" | tee -a "$raw"; }

# field LINE KEY prints KEY's value from a "KEY=value KEY=value" line.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# measure N NAME LABEL URL [PATHS_FILE]: a warm-up, then the measured run.
# A server that died makes wrk fail: that is recorded, not fatal.
measure() {
  local n=$1 name=$2 label=$3 url=$4 paths=${5:-}
  local args=(-t"$threads" -c"$connections" --timeout 5s -s bench/wrk.lua "$url")
  [ -n "$paths" ] && args+=(-- "$paths")
  wrk -d"${warmup}s" "${args[@]}" >/dev/null 2>&1 || true
  local out
  out=$(wrk -d"${duration}s" --latency "${args[@]}" 2>&1) || true
  {
    echo "=== $name: $label"
    echo "$out"
    echo
  } >>"$raw"
  local line key=$n/$name
  line=$(grep '^RESULT ' <<<"$out" || true)
  rows+=("$key")
  if [ -z "$line" ]; then
    rps[$key]=0 p50[$key]=– p99[$key]=– p999[$key]=– errors[$key]="no answer"
    log "  $name: wrk got no answer: $(tail -n 1 <<<"$out")"
    return 0
  fi
  rps[$key]=$(field "$line" rps)
  p50[$key]=$(field "$line" p50_ms)
  p99[$key]=$(field "$line" p99_ms)
  p999[$key]=$(field "$line" p999_ms)
  errors[$key]=$(($(field "$line" status_errors) + $(field "$line" socket_errors)))
  printf '  %-22s %9s req/s  p50 %7s ms  p99 %7s ms  p99.9 %7s ms  errors %s\n' "$name" \
    "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${p999[$key]}" "${errors[$key]}" | tee -a "$raw"
}

# prime BASE PATHS_FILE fetches every distinct path once, two at a time,
# so a rotating load measures a warm page cache rather than its filling
# (at 10,000 stories an uncached article page costs ~100 ms).
prime() {
  local started=$SECONDS
  sort -u "$2" | sed "s|^|$1|" | xargs -P 2 -n 1 curl -s -o /dev/null || true
  log "  primed $(sort -u "$2" | wc -l) URLs in $((SECONDS - started)) s"
}

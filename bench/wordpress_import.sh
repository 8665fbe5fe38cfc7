#!/usr/bin/env bash
# bench/wordpress_import.sh: `khabar import wordpress` on a generated export
# (bench/README.md, "WordPress exports").
#
#   bench/wordpress_import.sh [POSTS]     default 50000
#
# Writes the export with wxr_generate (cached in bench/results/), imports it
# into a fresh SQLite site, then imports it again (which must change
# nothing), each under /usr/bin/time -v; prints wall time, posts per second
# and peak RSS of both runs. Environment: BUILD_DIR (build).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD_DIR:-build}
posts=${1:-50000}
mkdir -p bench/results
export_file=bench/results/wordpress-$posts.xml
[[ -f $export_file ]] || "$build/bench/wxr_generate" --posts "$posts" --out "$export_file"
scratch=$(mktemp -d /tmp/khabar-import-bench.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export KHABAR_NOW=2026-11-28T12:00:00+05:00

run() {  # run LABEL: one import, its summary and its figures
  local label=$1
  /usr/bin/time -v "$build/khabar" import wordpress "$export_file" --db "$scratch/site.db" \
    --config config/site.toml >"$scratch/$label.out" 2>"$scratch/$label.time"
  local wall rss seconds
  wall=$(grep 'Elapsed (wall clock)' "$scratch/$label.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$scratch/$label.time" | awk '{print $NF}')
  seconds=$(awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"$wall")
  sed -n '2,8p' "$scratch/$label.out" | sed "s/^/  $label: /"
  printf '| %s | %s | %.1f s | %.0f posts/s | %.1f MB |\n' "$label" "$posts" "$seconds" \
    "$(awk -v p="$posts" -v s="$seconds" 'BEGIN { print p / s }')" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" >>"$scratch/table"
}

ls -l "$export_file"
run first
run again
echo
echo "| run | posts | wall | rate | peak RSS |"
echo "|---|---|---|---|---|"
cat "$scratch/table"
echo "database: $(du -h "$scratch/site.db" | cut -f1)"

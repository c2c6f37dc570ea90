#!/usr/bin/env bash
# Best-available fill: redis-benchmark drives hold_best (EVALSHA, adjacent seats) against a fresh
# 20,000-seat event until the hall is full (4-seat holds, then 3, 2 and 1 seat, each taking about a
# quarter of the hall), and reports holds/s per phase and Redis time per call from INFO commandstats.
# Throwaway redis-server on 127.0.0.1 with the production persistence (AOF, appendfsync always).
#
#   load/EngineBench/best-available.sh [--lua DIR] [--clients N]
#
# --lua runs another copy of the scripts (e.g. an older version) for before/after comparisons.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
lua="$root/src/Scripts/Lua"
clients=32
while [ $# -gt 0 ]; do
  case "$1" in
    --lua) lua="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

sections=4 rows=100 seats_per_row=50   # 20,000 seats

# shellcheck source=load/lib/throwaway-redis.sh
source "$root/load/lib/throwaway-redis.sh"
start_throwaway_redis best-available

cli() { redis-cli -p "$port" "$@"; }
# The engine runs the constants it shares with C#, common.lua and <script>.lua, joined by
# newlines (Execution/EngineScript.cs); the bench prints the constants from the same source.
dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo >/dev/null
prelude="$(dotnet "$root/load/EngineBench/bin/Release/net10.0/Ticketing.EngineBench.dll" --lua-prelude)"
script() { printf '%s\n%s\n%s' "$prelude" "$(cat "$lua/common.lua")" "$(cat "$lua/$1.lua")"; }

tag="{ev:bench$(date +%s)}"
keys=()
for name in meta seats prices rows layout holds expiry retention users user_holds client_ids orders outbox row_free status seat_index change_log wr:admitted unwritten_orders blocks; do
  keys+=("$tag:$name")
done

load_args=(USD 300 8 1000000 1 '{}' on_sale '')
for ((s = 1; s <= sections; s++)); do
  for ((r = 1; r <= rows; r++)); do
    load_args+=("S$s" "$r" "$seats_per_row" 5000)
  done
done
cli EVAL "$(script load_event)" "${#keys[@]}" "${keys[@]}" 0 "$tag:changes" "${load_args[@]}" >/dev/null
sha="$(cli SCRIPT LOAD "$(script hold_best)")"
cli CONFIG RESETSTAT >/dev/null

echo "best-available fill: $((sections * rows * seats_per_row)) seats ($sections sections x $rows rows x $seats_per_row), $clients clients, scripts from $lua"
quarter=$((sections * rows * seats_per_row / 4))
started=$(date +%s.%N)
total_holds=0
for quantity in 4 3 2 1; do
  requests=$(( (quarter + quantity - 1) / quantity ))
  [ "$quantity" = 1 ] && requests=$((requests + 500))   # the last phase runs into a full hall
  rps=$(redis-benchmark -p "$port" -c "$clients" -n "$requests" -r 100000000000 --csv \
    EVALSHA "$sha" "${#keys[@]}" "${keys[@]}" 0 "$tag:changes" \
    "rsv___rand_int__" "u__rand_int__" "c__rand_int__" '' '' "$quantity" '' 1 | tail -1 | cut -d, -f2 | tr -d '"')
  total_holds=$((total_holds + requests))
  echo "  $quantity-seat holds: $requests requests, $rps holds/s"
done
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
stats="$(cli INFO commandstats | grep '^cmdstat_evalsha:' | tr -d '\r')"
echo "  whole fill: $total_holds requests in ${elapsed} s ($(echo "$total_holds / $elapsed" | bc) holds/s)"
echo "  meta: $(cli HMGET "$tag:meta" available held sold | tr '\n' ' ')(available held sold)"
echo "  $stats"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

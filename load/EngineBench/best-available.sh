#!/usr/bin/env bash
# Best-available fill: redis-benchmark drives hold_best (FCALL, adjacent seats) against a fresh
# 20,000-seat event until the hall is full (4-seat holds, then 3, 2 and 1 seat, each taking about a
# quarter of the hall), and reports holds/s per phase and Redis time per call from INFO commandstats.
# Throwaway redis-server on 127.0.0.1 with the production persistence (AOF, appendfsync always).
# With --churn N, the full hall then turns over as a sale's last seats do: N times, a random hold is
# released and a buyer asks best available for 1 to 4 seats (not necessarily side by side), and the
# Redis time of a turn (the release and the call together) is reported.
#
#   load/EngineBench/best-available.sh [--clients N] [--churn N]
#
# The scripts are the engine's function library of this checkout; for a before/after comparison,
# run this file from each build's checkout in turn.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
clients=32
churn=0
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --churn) churn="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

sections=4 rows=100 seats_per_row=50   # 20,000 seats

# shellcheck source=load/lib/throwaway-redis.sh
source "$root/load/lib/throwaway-redis.sh"
start_throwaway_redis best-available

cli() { redis-cli -p "$port" "$@"; }
# The engine's function library as the façade loads it (Execution/ScriptLibrary.cs): every script
# is a function named <script>_<hash>, the hash being the library's own (ticketing_<hash>).
dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo >/dev/null
library="$(dotnet "$root/load/EngineBench/bin/Release/net10.0/Ticketing.EngineBench.dll" --engine-library)"
first_line="${library%%$'\n'*}"
suffix="${first_line#\#!lua name=ticketing_}"
cli -x FUNCTION LOAD REPLACE <<<"$library" >/dev/null

tag="{ev:bench$(date +%s)}"
keys=()
for name in meta seats prices rows layout holds expiry retention users user_holds client_ids orders outbox row_free status seat_index change_log wr:admitted unwritten_orders blocks row_at; do
  keys+=("$tag:$name")
done

load_args=(USD 300 8 1000000 1 '{}' on_sale '')
for ((s = 1; s <= sections; s++)); do
  for ((r = 1; r <= rows; r++)); do
    load_args+=("S$s" "$r" "$seats_per_row" 5000)
  done
done
cli FCALL "load_event_$suffix" "${#keys[@]}" "${keys[@]}" 0 "$tag:changes" "${load_args[@]}" >/dev/null
cli CONFIG RESETSTAT >/dev/null

echo "best-available fill: $((sections * rows * seats_per_row)) seats ($sections sections x $rows rows x $seats_per_row), $clients clients, library ticketing_$suffix"
quarter=$((sections * rows * seats_per_row / 4))
started=$(date +%s.%N)
total_holds=0
for quantity in 4 3 2 1; do
  requests=$(( (quarter + quantity - 1) / quantity ))
  [ "$quantity" = 1 ] && requests=$((requests + 500))   # the last phase runs into a full hall
  rps=$(redis-benchmark -p "$port" -c "$clients" -n "$requests" -r 100000000000 --csv \
    FCALL "hold_best_$suffix" "${#keys[@]}" "${keys[@]}" 0 "$tag:changes" \
    "rsv___rand_int__" "u__rand_int__" "c__rand_int__" '' '' "$quantity" '' 1 | tail -1 | cut -d, -f2 | tr -d '"')
  total_holds=$((total_holds + requests))
  echo "  $quantity-seat holds: $requests requests, $rps holds/s"
done
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
stats="$(cli INFO commandstats | grep '^cmdstat_fcall:' | tr -d '\r')"
echo "  whole fill: $total_holds requests in ${elapsed} s ($(echo "$total_holds / $elapsed" | bc) holds/s)"
echo "  meta: $(cli HMGET "$tag:meta" available held sold | tr '\n' ' ')(available held sold)"
echo "  $stats"

if [ "$churn" -gt 0 ]; then
  # The holds to release, with their users, drawn at random across the hall.
  pick="local out = {}
for i, id in ipairs(redis.call('ZRANDMEMBER', KEYS[1], ARGV[1])) do
  out[i] = id .. ' ' .. cjson.decode(redis.call('HGET', KEYS[2], id)).user
end
return out"
  cli EVAL "$pick" 2 "$tag:expiry" "$tag:holds" "$churn" >"$data/churn-holds.txt"
  i=0
  while read -r hold user; do
    i=$((i + 1))
    echo "FCALL release_hold_$suffix ${#keys[@]} ${keys[*]} 0 $tag:changes $hold $user"
    echo "FCALL hold_best_$suffix ${#keys[@]} ${keys[*]} 0 $tag:changes churn$i buyer$i churn$i '' '' $((1 + i % 4)) '' 0"
  done <"$data/churn-holds.txt" >"$data/churn-commands.txt"
  cli CONFIG RESETSTAT >/dev/null
  cli <"$data/churn-commands.txt" >"$data/churn-replies.txt"
  # A release and a best available call per turn: what a freed seat costs, both halves.
  usec="$(cli INFO commandstats | grep '^cmdstat_fcall:' | tr -d '\r' | sed 's/.*usec=\([0-9]*\),.*/\1/')"
  echo "  churn: $churn turns of a random hold released, then best available for 1-4 seats: $(echo "scale=1; $usec / $churn" | bc) µs of Redis per turn"
  echo "  churn answers: $(grep -c '^not_enough' "$data/churn-replies.txt") not_enough, $(grep -c '^held' "$data/churn-replies.txt") held"
fi
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

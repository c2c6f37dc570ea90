#!/usr/bin/env bash
# Live seat feeds and the seat-status read, measured in one run on one Api process:
#   1. GET /api/v1/ping, /seatmap and /seat-status of a 20,000-seat event under wrk, turn by turn
#      (the ping is the anchor: the cheapest request the Api serves);
#   2. fan-out (load/FeedBench): SUBSCRIBERS SSE connections on that event, one-seat holds at RATE/s
#      for HOLD_SECONDS over HTTP; the Api's memory per connection and the latency from each hold's
#      answer to its arrival at every subscriber;
#   3. Redis' own time per call (INFO commandstats) of the hold script and of the change log's XADD
#      inside it, over the holds of step 2.
# Knobs: SUBSCRIBERS (10000), RATE (500), HOLD_SECONDS (5), WRK_SECONDS (5), BENCH_OUT (folder),
#   API_TREE (a checkout whose Api is measured, default this one: a before/after comparison runs
#   the same bench against an older commit's Api), READS (1; 0 skips steps 1 and 3's wrk reads).
# Loopback only: one throwaway Redis (AOF, appendfsync always), one throwaway PostgreSQL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATE="${RATE:-500}"
HOLD_SECONDS="${HOLD_SECONDS:-5}"
WRK_SECONDS="${WRK_SECONDS:-5}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/ticketing-feed-bench.XXXXXX)}"
API_TREE="$(cd "${API_TREE:-$ROOT}" && pwd)"
READS="${READS:-1}"
mkdir -p "$OUT"
say() { printf '\033[1m[feed-bench]\033[0m %s\n' "$*"; }

dotnet build "$API_TREE/src/Api" -c Release -v quiet -nologo >"$OUT/build-api.log" 2>&1 || { tail -n 30 "$OUT/build-api.log"; exit 1; }
dotnet build load/FeedBench -c Release -v quiet -nologo >"$OUT/build-bench.log" 2>&1 || { tail -n 30 "$OUT/build-bench.log"; exit 1; }

# shellcheck source=lib/throwaway-redis.sh
. "$ROOT/load/lib/throwaway-redis.sh"
# shellcheck source=lib/throwaway-postgres.sh
. "$ROOT/load/lib/throwaway-postgres.sh"
start_throwaway_redis feed-bench
start_throwaway_postgres feed-bench

http_port="$(shuf -i 20000-29999 -n 1)"
ASPNETCORE_ENVIRONMENT=Production \
ConnectionStrings__Redis="127.0.0.1:$port" \
ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" \
Auth__AllowDevTokens=true \
Auth__DevAdminTokenFile="$OUT/admin-token" \
RateLimits__ExemptLoopback=true \
Reconciler__Jobs__Enabled=false \
SeatFeeds__MaxPerAddress=$((SUBSCRIBERS + 100)) \
Serilog__MinimumLevel__Default=Warning \
  dotnet "$API_TREE"/src/Api/bin/Release/net10.0/Ticketing.Api.dll --urls "http://127.0.0.1:$http_port" --contentRoot "$API_TREE/src/Api" >"$OUT/api.log" 2>&1 &
api_pid=$!
stop_api() { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; }
on_exit stop_api
API="http://127.0.0.1:$http_port"
for _ in $(seq 1 300); do
  curl -fs "$API/health/ready" >/dev/null 2>&1 && [ -s "$OUT/admin-token" ] && break
  kill -0 "$api_pid" 2>/dev/null || { tail -n 30 "$OUT/api.log"; exit 1; }
  sleep 0.3
done
[ -s "$OUT/admin-token" ] || { echo "the Api did not become ready; see $OUT/api.log" >&2; exit 1; }

# The fan-out bench creates the event; the reads are measured on it before any hold.
say "fan-out ($API_TREE at $(git -C "$API_TREE" rev-parse --short HEAD)): $SUBSCRIBERS subscribers, holds at $RATE/s for $HOLD_SECONDS s (load $(cut -d' ' -f1-3 /proc/loadavg))"
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
dotnet load/FeedBench/bin/Release/net10.0/Ticketing.FeedBench.dll --api "$API" --admin-token-file "$OUT/admin-token" \
  --subscribers "$SUBSCRIBERS" --rate "$RATE" --seconds "$HOLD_SECONDS" --api-pid "$api_pid" --out "$OUT/fanout.json" | tee "$OUT/fanout.txt"
redis-cli -p "$port" INFO commandstats | grep -E 'cmdstat_(evalsha|eval|xadd|publish|hget):' | tee "$OUT/commandstats.txt"

[ "$READS" = 1 ] || { say "results in $OUT (load $(cut -d' ' -f1-3 /proc/loadavg))"; exit 0; }
event_id="$(sed -n 's/^event //p' "$OUT/fanout.txt")"
for route in ping "events/$event_id/seatmap" "events/$event_id/seat-status" ping "events/$event_id/seat-status" "events/$event_id/seatmap"; do
  wrk -t2 -c32 -d"${WRK_SECONDS}s" "$API/api/v1/$route" | tee -a "$OUT/wrk.txt" | grep -E 'Requests/sec|Transfer/sec' | sed "s|^|$route: |"
done
curl -s "$API/api/v1/events/$event_id/seatmap" | wc -c | sed 's/^/seatmap bytes: /'
curl -s "$API/api/v1/events/$event_id/seat-status" | wc -c | sed 's/^/seat-status bytes: /'
say "results in $OUT (load $(cut -d' ' -f1-3 /proc/loadavg))"

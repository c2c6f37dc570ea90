#!/usr/bin/env bash
# Two builds measured turn by turn in one run: the Api's cost per request for ping (the anchor),
# first joins of a waiting room by new fans, repeat joins by fans already queued, 4-seat holds, and
# the compact seat status of a 50,000-seat event read while other connections hold its seats.
#
#   load/request-cost-bench.sh [BEFORE_REF [AFTER_REF]]     defaults: main and HEAD
#
# Each ref is exported (git archive) to a temporary folder and built in Release. Every turn starts
# that build's own stack (`./ticketing run`: Redis with AOF, PostgreSQL, one Api) on its own ports,
# makes 80,000 new users' tokens and 4,000 known users' tokens, warms up, then runs wrk (-t2 -c64)
# for BENCH_SECONDS against each route in turn, reading the Api's CPU ticks from /proc around
# each run; during the first joins it also reads the runtime's allocation and GC pause counters
# (dotnet-counters). The stack is stopped before the next turn. Each turn has its own ping, so
# compare ratios and CPU per request within a round, not raw rates across rounds.
# Knobs: ROUNDS (3), BENCH_SECONDS (8), BENCH_OUT (results folder), AFTER_ENV (extra environment
# for the after build's Api, e.g. "DOTNET_gcServer=0"). Loopback only; about 3 minutes per turn.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BEFORE_REF="${1:-main}"
AFTER_REF="${2:-HEAD}"
ROUNDS="${ROUNDS:-3}"
SECONDS_PER_RUN="${BENCH_SECONDS:-8}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/ticketing-request-cost.XXXXXX)}"
mkdir -p "$OUT"
chmod 755 "$OUT"

say() { printf '\033[1m[request-cost]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[request-cost] %s\033[0m\n' "$*" >&2; exit 1; }
# shellcheck source=load/lib/loopback.sh
source "$ROOT/load/lib/loopback.sh"
command -v wrk >/dev/null || die "wrk is required (apt-get install wrk)"
COUNTERS="$HOME/.dotnet/tools/dotnet-counters"

HTTP_PORT="$(free_port 8490)"
REDIS_PORT="$(free_port 6790)"
PG_PORT="$(free_port 5790)"
BASE_URL="http://127.0.0.1:$HTTP_PORT"

STACK_DIR=""
TREE=""
stop_stack() {
  [ -n "$STACK_DIR" ] && [ -n "$TREE" ] && (cd "$TREE" && TICKETING_HTTP_PORT="$HTTP_PORT" TICKETING_REDIS_PORT="$REDIS_PORT" \
    TICKETING_PG_PORT="$PG_PORT" TICKETING_DATA_DIR="$STACK_DIR" ./ticketing down >/dev/null 2>&1) || true
  STACK_DIR=""
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

export_build() {
  local name="$1" ref="$2" tree="$OUT/src-$1"
  mkdir -p "$tree"
  git archive "$ref" | tar -x -C "$tree" || die "cannot export $ref"
  say "building $name ($ref = $(git rev-parse --short "$ref"))"
  dotnet build "$tree/src/Api" -c Release -v quiet -nologo >"$OUT/build-$name.log" 2>&1 || { tail -n 30 "$OUT/build-$name.log"; die "build of $ref failed"; }
}
export_build before "$BEFORE_REF"
export_build after "$AFTER_REF"
dotnet build load/Ticketing.Load -c Release -v quiet -nologo -o "$OUT/driver" >"$OUT/build-driver.log" 2>&1 || die "the driver does not build"
DRIVER=(dotnet "$OUT/driver/Ticketing.Load.dll")

# One turn: start the build's stack, prepare users and events, warm up, measure, stop.
turn() {
  local name="$1" round="$2" extra_env="$3" dir="$OUT/$1-$2"
  TREE="$OUT/src-$name"
  STACK_DIR="$dir/stack"
  mkdir -p "$dir"
  # Every request comes from 127.0.0.1: the per-address budget is raised, and the per-user one too,
  # so repeat joins measure joins and not 429s.
  (cd "$TREE" && env $extra_env TICKETING_HTTP_PORT="$HTTP_PORT" TICKETING_REDIS_PORT="$REDIS_PORT" TICKETING_PG_PORT="$PG_PORT" \
    TICKETING_DATA_DIR="$STACK_DIR" TICKETING_BUILD_CONFIGURATION=Release \
    WaitingRoom__JoinsPerAddress=1000000 WaitingRoom__JoinsPerUser=10000 ./ticketing run >"$dir/stack.log" 2>&1 &)
  local i
  for i in $(seq 1 240); do curl -sf "$BASE_URL/health/ready" >/dev/null && break; sleep 1; done
  curl -sf "$BASE_URL/health/ready" >/dev/null || die "the $name stack did not start (see $dir/stack.log)"
  export BASE_URL ADMIN_TOKEN
  ADMIN_TOKEN="$(cat "$STACK_DIR/dev-admin-token")"
  "${DRIVER[@]}" tokens --users 80000 --tokens-file "$dir/new-fans.txt" --user-prefix new >/dev/null
  "${DRIVER[@]}" tokens --users 4000 --tokens-file "$dir/known.txt" --user-prefix known >/dev/null
  local warm_room room
  warm_room="$("${DRIVER[@]}" create-event --event-seats 1000 --waiting-room paused --title warm | tail -n1)"
  room="$("${DRIVER[@]}" create-event --event-seats 1000 --waiting-room paused --title joins | tail -n1)"
  "${DRIVER[@]}" create-event --events 2 --event-seats 100000 --seats-per-row 100 --rows-per-section 100 \
    --max-tickets-per-user 1000 --hold-ttl 600 --title holds --seats-file "$dir/hold-seats.txt" --seats-per-hold 4 >/dev/null
  "${DRIVER[@]}" create-event --event-seats 50000 --seats-per-row 100 --rows-per-section 100 \
    --max-tickets-per-user 1000 --hold-ttl 600 --title stadium --seats-file "$dir/stadium-seats.txt" --seats-per-hold 4 >/dev/null
  "${DRIVER[@]}" create-event --event-seats 100000 --seats-per-row 100 --rows-per-section 100 \
    --max-tickets-per-user 1000 --hold-ttl 600 --title warm-holds --seats-file "$dir/warm-seats.txt" --seats-per-hold 4 >/dev/null
  # The known users join the measured room before it is measured, so their joins there are repeats.
  wrk -t2 -c64 -d3s -s load/wrk/join.lua "$BASE_URL" -- "$dir/known.txt" "$warm_room" 2 >/dev/null 2>&1
  wrk -t2 -c64 -d3s -s load/wrk/join.lua "$BASE_URL" -- "$dir/known.txt" "$room" 2 >/dev/null 2>&1
  wrk -t2 -c64 -d3s "$BASE_URL/api/v1/ping" >/dev/null 2>&1
  wrk -t2 -c64 -d3s -s load/wrk/hold.lua "$BASE_URL" -- "$dir/known.txt" "$dir/warm-seats.txt" 2 >/dev/null 2>&1
  local api line
  api="$(cat "$STACK_DIR/api.pid")"
  line="round $round $name"
  measure() { # what, wrk arguments...
    local what="$1"; shift
    local t0 t1 answered seconds
    t0="$(awk '{print $14+$15}' "/proc/$api/stat")"
    wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" "$@" >"$dir/$what.txt" 2>&1
    t1="$(awk '{print $14+$15}' "/proc/$api/stat")"
    # load/wrk's scripts report their statuses (only 200 and 201 count); plain wrk (ping) counts every answer.
    answered="$( (grep -o '"20[01]": [0-9]*' "$dir/$what.txt" || true) | awk '{s += $2} END {print s + 0}')"
    seconds="$( (grep -o '"duration_s": [0-9.]*' "$dir/$what.txt" || true) | awk '{print $2}')"
    if [ -z "$seconds" ]; then
      answered="$( (grep -o '[0-9]* requests in' "$dir/$what.txt" || true) | awk '{print $1 + 0}')"; seconds="$SECONDS_PER_RUN"
    fi
    line="$line | $what $(awk -v a="$answered" -v s="$seconds" -v t=$((t1 - t0)) 'BEGIN {printf "%.0f/s %.1f µs", a / s, t * 10000 / a}')"
  }
  measure ping "$BASE_URL/api/v1/ping"
  if [ -x "$COUNTERS" ]; then
    (sleep 1; timeout 30 "$COUNTERS" collect -p "$api" --refresh-interval 1 --duration 00:00:00:06 -o "$dir/join-counters.csv" \
      --counters "System.Runtime[dotnet.gc.heap.total_allocated,dotnet.gc.pause.time,dotnet.gc.collections]" >/dev/null 2>&1) &
  fi
  measure first-join -s load/wrk/join.lua "$BASE_URL" -- "$dir/new-fans.txt" "$room" 2
  measure repeat-join -s load/wrk/join.lua "$BASE_URL" -- "$dir/known.txt" "$room" 2
  measure hold -s load/wrk/hold.lua "$BASE_URL" -- "$dir/known.txt" "$dir/hold-seats.txt" 2
  wait
  # The seat-map page's status read of a 50,000-seat event while 4 connections hold its seats: every
  # hold moves the event's version, so nearly every read rebuilds the view, as in a sale.
  wrk -t1 -c4 -d"$((SECONDS_PER_RUN + 1))s" -s load/wrk/hold.lua "$BASE_URL" -- "$dir/known.txt" "$dir/stadium-seats.txt" 1 \
    >"$dir/status-holds.txt" 2>&1 &
  measure status-under-holds "$BASE_URL/api/v1/events/$(head -n1 "$dir/stadium-seats.txt" | cut -d' ' -f1)/seat-status"
  wait
  line="$line (beside $(grep -o '"201": [0-9]*' "$dir/status-holds.txt" | awk '{print $2 + 0}') holds)"
  if [ -f "$dir/join-counters.csv" ]; then
    line="$line | first-join GC $(awk -F, '/total_allocated/ {a += $5} /pause.time/ {p += $5} END {printf "%.0f MB allocated, %.2f s paused", a / 1e6, p}' "$dir/join-counters.csv") in 5 s"
  fi
  echo "$line" | tee -a "$OUT/results.txt"
  stop_stack
  rm -f "$dir/new-fans.txt"
}

for round in $(seq 1 "$ROUNDS"); do
  turn before "$round" ""
  turn after "$round" "${AFTER_ENV:-}"
done
say "results in $OUT/results.txt"

#!/usr/bin/env bash
# The benchmark report: one command, one machine, one run. Starts its own throwaway stack (what
# `./ticketing run` starts, on its own ports and data dir, Release build), measures the anchors
# side by side, and writes docs/BENCHMARKS.md:
#   1. the Redis ceiling: redis-benchmark FCALL of the 4-seat hold function (load/engine-bench.sh)
#   2. the web-stack ceiling: GET /api/v1/ping under wrk
#   3. the baseline: pgbench running the PostgreSQL row-lock hold (load/baselines/pg-rowlock-hold.sql)
#   4. the hold endpoint under wrk (load/wrk/hold.lua), then at half that rate with the driver's
#      fixed-rate mode for the p99 target
#   5. the waiting room over HTTP: queue polls (load/wrk/poll.lua, a pool of real queue tokens) and
#      joins (load/wrk/join.lua, one fresh user per join) under wrk, against the ping anchor
#   6. the flash sale of a 20,000-seat event through its waiting room (the service sets the admission
#      rate) until sold out, then the invariant check
#   7. the stadium on-sale: 50,000 seats, fans gathered in a pre-queue before the open, timed from the
#      open to sell-out, with the binding resource named from the CPU split over the sale alone
#   plus the engine and persistence sections (load/engine-bench.sh, load/persist-bench.sh), and the
#   chaos run (load/chaos.sh: each server killed with kill -9 once during a flash sale).
# Targets only 127.0.0.1; about 10 minutes. Knobs: BENCH_SECONDS (15, per wrk/pgbench run),
# BENCH_WARMUP_SECONDS (3, the unmeasured wrk run before each measured one),
# BENCH_OUT (results folder, default a fresh /tmp folder), BENCH_DOC (docs/BENCHMARKS.md),
# BENCH_FLASH_FANS (14000 fans join), BENCH_FLASH_JOIN_RATE (400 joins/s), BENCH_FLASH_MAX_ACTIVE (3000),
# BENCH_FLASH_ADMISSION_TTL (60 s: how long a fan who leaves without buying keeps a place),
# BENCH_FLASH_ADMIT_PER_SECOND (500, the room's cap), BENCH_FLASH_TARGET_P99_MS (100, the room's target),
# BENCH_FLASH_MAX_POLL_WAIT (5 s, the most a fan waits between polls), BENCH_FLASH_SEATS (20000),
# BENCH_STADIUM_FANS (40000 fans join the pre-queue), BENCH_STADIUM_JOIN_RATE (1400 joins/s),
# BENCH_STADIUM_PRE_QUEUE (32 s from turning the room on to the open), BENCH_STADIUM_ADMIT_PER_SECOND (700),
# BENCH_STADIUM_MAX_ACTIVE (12000: only a commit ends an admission early), BENCH_CONNECTIONS (64), BENCH_NICE (-10).
set -euo pipefail

# On a machine doing other work, the scheduler shares the cores per thread: a 32-backend PostgreSQL
# would win them from a few Api threads and skew every ratio. As root, the bench and everything it
# starts (the stack, wrk, pgbench, the driver) run at BENCH_NICE so other work interferes less.
NICE="${BENCH_NICE:--10}"
if [ "$(id -u)" -eq 0 ] && [ "$NICE" != off ]; then
  renice -n "$NICE" -p $$ >/dev/null
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
FLASH_FANS="${BENCH_FLASH_FANS:-14000}"
FLASH_JOIN_RATE="${BENCH_FLASH_JOIN_RATE:-400}"
FLASH_MAX_ACTIVE="${BENCH_FLASH_MAX_ACTIVE:-3000}"
FLASH_ADMISSION_TTL="${BENCH_FLASH_ADMISSION_TTL:-60}"
FLASH_ADMIT_PER_SECOND="${BENCH_FLASH_ADMIT_PER_SECOND:-500}"
FLASH_TARGET_P99_MS="${BENCH_FLASH_TARGET_P99_MS:-100}"
FLASH_MAX_POLL_WAIT="${BENCH_FLASH_MAX_POLL_WAIT:-5}"
FLASH_SEATS="${BENCH_FLASH_SEATS:-20000}"
STADIUM_FANS="${BENCH_STADIUM_FANS:-40000}"
STADIUM_JOIN_RATE="${BENCH_STADIUM_JOIN_RATE:-1400}"
STADIUM_PRE_QUEUE="${BENCH_STADIUM_PRE_QUEUE:-32}"
STADIUM_ADMIT_PER_SECOND="${BENCH_STADIUM_ADMIT_PER_SECOND:-700}"
STADIUM_MAX_ACTIVE="${BENCH_STADIUM_MAX_ACTIVE:-12000}"
DOC="${BENCH_DOC:-$ROOT/docs/BENCHMARKS.md}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/ticketing-bench.XXXXXX)}"
mkdir -p "$OUT"
chmod 755 "$OUT"
DATA_DIR="$OUT/stack"
# The throwaway stack must start empty: a folder from an earlier run would bring back its data.
[ ! -e "$DATA_DIR" ] || { printf '\033[31m[bench] %s already holds a stack from an earlier run; choose a new BENCH_OUT\033[0m\n' "$OUT" >&2; exit 1; }

say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[bench] %s\033[0m\n' "$*" >&2; exit 1; }

# shellcheck source=load/lib/loopback.sh
source "$ROOT/load/lib/loopback.sh"

HTTP_PORT="$(free_port 8290)"
REDIS_PORT="$(free_port 6590)"
PG_PORT="$(free_port 5590)"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
REDIS="127.0.0.1:$REDIS_PORT"
POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ticketing"
# Every load generator here joins waiting rooms from 127.0.0.1: the per-address join budget (100 a
# minute by default, against one address flooding a room) is raised for this stack only. The
# per-user budget keeps its default: every fan is a user of its own.
STACK_ENV=(TICKETING_HTTP_PORT="$HTTP_PORT" TICKETING_REDIS_PORT="$REDIS_PORT" TICKETING_PG_PORT="$PG_PORT"
           TICKETING_DATA_DIR="$DATA_DIR" TICKETING_BUILD_CONFIGURATION=Release
           WaitingRoom__JoinsPerAddress=1000000)

# Every measured command is logged verbatim: the report quotes them so anyone can rerun one.
# While the stack runs, each is bracketed by CPU samples of Redis, the Api and PostgreSQL, and
# Redis' per-command statistics are reset before and saved after: where the cores went. A command
# run with CPU_EVERY_SECOND=1 (the sales) is also sampled once a second, its own CPU included, into
# cpu-seconds-LABEL.txt: the report cuts the sale's window (the open to the sell-out, as the driver
# reports it) out of those samples, since the phase as a whole also counts its setup, a quiet
# pre-queue and the invariant check.
COMMANDS="$OUT/commands.txt"
CPU="$OUT/cpu.txt"
: >"$COMMANDS"
: >"$CPU"
STACK_UP=0
measure() {
  local label="$1"; shift
  printf '%s\t%s\n' "$label" "$*" >>"$COMMANDS"
  [ "$STACK_UP" = 1 ] && { compact_aof; redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT >/dev/null; cpu_sample "$label" start; }
  local status=0
  if [ "$STACK_UP" = 1 ] && [ "${CPU_EVERY_SECOND:-0}" = 1 ]; then
    "$@" &
    local pid=$!
    cpu_every_second "$pid" >"$OUT/cpu-seconds-$label.txt" &
    local sampler=$!
    wait "$pid" || status=$?
    wait "$sampler" || true
  else
    "$@" || status=$?
  fi
  if [ "$STACK_UP" = 1 ]; then
    cpu_sample "$label" end
    redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | grep '^cmdstat_' >"$OUT/redis-commandstats-$label.txt"
  fi
  return "$status"
}

# Redis rewrites its AOF when the file has doubled: a fork, then a child using a whole core for
# seconds. Setting up a phase (events of 100,000 seats) grows the file fast, so without this an
# automatic rewrite lands in whichever phase comes next. Rewriting before each measured phase
# keeps that maintenance out of every measurement (the automatic rewrite is off while the stack
# runs: see where it starts); each rewrite's time and size go to aof-rewrites.txt.
compact_aof() {
  local info
  redis-cli -p "$REDIS_PORT" BGREWRITEAOF >/dev/null || true
  for _ in $(seq 1 600); do
    info="$(redis-cli -p "$REDIS_PORT" INFO persistence | tr -d '\r')" || true
    case "$info" in
      *aof_rewrite_in_progress:0*aof_rewrite_scheduled:0*) break ;;
    esac
    sleep 0.2
  done
  printf '%s\n' "$(printf '%s\n' "$info" | grep -E '^aof_last_rewrite_time_sec|^aof_base_size' | tr '\n' ' ')" >>"$OUT/aof-rewrites.txt"
}

HZ="$(getconf CLK_TCK)"

# cpu_now: wall clock, then cumulative CPU seconds of Redis, the Api and PostgreSQL (the
# postmaster, its live backends, and the backends that already exited).
cpu_now() {
  local redis api pg postmaster
  redis="$(redis-cli -p "$REDIS_PORT" INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ { s += $2 } END { printf "%.2f", s }')"
  api="$(awk -v hz="$HZ" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$(cat "$DATA_DIR/api.pid")/stat")"
  postmaster="$(head -n1 "$DATA_DIR/pg/data/postmaster.pid")"
  pg="$( { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat"
           # One cat for every backend keeps a sample a second cheap. A backend may exit between
           # pgrep and cat: its CPU is then in the postmaster's children totals.
           pgrep -P "$postmaster" | sed 's|.*|/proc/&/stat|' | xargs -r cat 2>/dev/null | awk '{ print $14 + $15 }' || true
         } | awk -v hz="$HZ" '{ s += $1 } END { printf "%.2f", s / hz }')"
  printf '%s %s %s %s\n' "$(date +%s.%N)" "$redis" "$api" "$pg"
}

# cpu_sample LABEL start|end: one cpu_now line for the phase LABEL, into cpu.txt.
cpu_sample() {
  printf '%s %s %s\n' "$1" "$2" "$(cpu_now)" >>"$CPU"
}

# cpu_every_second PID: while PID runs, a cpu_now line a second followed by PID's own CPU seconds
# (a line whose PID ended meanwhile is cut short, and the report skips it).
cpu_every_second() {
  local pid="$1" line
  while kill -0 "$pid" 2>/dev/null; do
    line="$(cpu_now)" || true
    printf '%s %s\n' "$line" "$(awk -v hz="$HZ" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat" 2>/dev/null)"
    sleep 1
  done
}

DRIVER=(dotnet load/Ticketing.Load/bin/Release/net10.0/Ticketing.Load.dll)

stop_stack() {
  say "stopping the throwaway stack"
  env "${STACK_ENV[@]}" "$ROOT/ticketing" down >/dev/null 2>&1 || true
  [ -n "${STACK_PID:-}" ] && wait "$STACK_PID" 2>/dev/null || true
}

# ---------------------------------------------------------------- machine and build

say "results in $OUT"
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version)"
  echo "redis=$(redis-server --version | grep -o 'v=[^ ]*' | cut -d= -f2)"
  echo "postgres=$("$(pg_bin)/postgres" --version | awk '{print $3}')"
  echo "wrk=$(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
  echo "pgbench=$("$(pg_bin)/pgbench" --version | awk '{print $3}')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "nice=$(ps -o ni= -p $$ | tr -d ' ')"
} >"$OUT/machine.env"

say "building the load driver (Release)"
dotnet build load/Ticketing.Load -c Release -v quiet -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; die "build failed"; }

# ---------------------------------------------------------------- the disk's fsync rate

# Redis (appendfsync always) and PostgreSQL (fsync on) both wait for the disk on every write they
# acknowledge, batching what arrives meanwhile: the disk's fsync rate is an anchor for both.
say "disk: pg_test_fsync (fdatasync rate of $OUT)"
measure fsync "$(pg_bin)/pg_test_fsync" -s 1 -f "$OUT/fsync.probe" >"$OUT/fsync.txt" 2>&1 || true
rm -f "$OUT/fsync.probe"

# ---------------------------------------------------------------- 1. engine section (own Redis)

if [ -x "$ROOT/load/engine-bench.sh" ]; then
  say "engine: redis-benchmark FCALL of the hold function, and the C# facade"
  measure engine "$ROOT/load/engine-bench.sh" --out "$OUT/engine" >"$OUT/engine.log" 2>&1 \
    || say "engine-bench.sh failed; see $OUT/engine.log"
else
  say "load/engine-bench.sh is missing: the Redis ceiling is left out of this run"
fi

# ---------------------------------------------------------------- the stack

say "starting the stack on $BASE_URL (Redis :$REDIS_PORT, PostgreSQL :$PG_PORT)"
trap stop_stack EXIT
env "${STACK_ENV[@]}" "$ROOT/ticketing" run >"$OUT/stack.log" 2>&1 &
STACK_PID=$!
# A GET with bash alone, as ./ticketing does: a fresh Debian machine need not have curl.
ready_status() {
  exec 4<>"/dev/tcp/127.0.0.1/$HTTP_PORT" || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&4
  head -n1 <&4 | awk '{print $2}'
  exec 4>&-
}
for _ in $(seq 1 900); do
  kill -0 "$STACK_PID" 2>/dev/null || { tail -n 40 "$OUT/stack.log"; die "the stack exited during start-up"; }
  [ "$(ready_status 2>/dev/null)" = 200 ] && break
  sleep 0.2
done
[ "$(ready_status 2>/dev/null)" = 200 ] || die "the stack is not ready; see $OUT/stack.log"
ADMIN_TOKEN="$(cat "$DATA_DIR/dev-admin-token")"
export BASE_URL ADMIN_TOKEN
STACK_UP=1
# The bench rewrites the AOF before each phase (compact_aof); inside a phase, a sale of 50,000
# seats still doubled the file and Redis forked a rewrite mid-sale. An operator keeps rewrites out
# of an on-sale (docs/SCALING.md), and so does the bench: no automatic rewrite while it runs.
redis-cli -p "$REDIS_PORT" CONFIG SET auto-aof-rewrite-percentage 0 >/dev/null

# ---------------------------------------------------------------- 2. web-stack ceiling

# Every wrk run is preceded by a short unmeasured one on the same route: the Api's JIT compiles
# hot methods in tiers, and the first seconds of a cold route would otherwise count against it.
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-3}"

say "web-stack ceiling: wrk GET /api/v1/ping for ${SECONDS_PER_RUN}s (after ${WARMUP_SECONDS}s of warm-up)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "$BASE_URL/api/v1/ping" >/dev/null 2>&1
measure ping wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s load/wrk/report.lua "$BASE_URL/api/v1/ping" \
  >"$OUT/ping.wrk.txt" 2>&1

# ---------------------------------------------------------------- 3. PostgreSQL row-lock baseline

say "baseline: pgbench row-lock hold transaction for ${SECONDS_PER_RUN}s"
PSQL="$(pg_bin)/psql"
BASELINE_SEATS=2000000
BASELINE_CLIENTS=32
"$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE IF EXISTS pg_rowlock_baseline" postgres
"$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE pg_rowlock_baseline" postgres
"$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -v seats="$BASELINE_SEATS" -f load/baselines/pg-rowlock-setup.sql pg_rowlock_baseline >/dev/null 2>&1
measure baseline "$(pg_bin)/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -f load/baselines/pg-rowlock-hold.sql \
  -D n=0 -D per_client=$((BASELINE_SEATS / 4 / BASELINE_CLIENTS)) -c "$BASELINE_CLIENTS" -j 2 -T "$SECONDS_PER_RUN" \
  --max-tries=10 pg_rowlock_baseline >"$OUT/pgbench.txt" 2>&1
# A transaction that found a seat taken commits without booking: count the holds actually made.
"$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc "SELECT count(*) FROM baseline_bookings" pg_rowlock_baseline >"$OUT/pgbench-bookings.txt"
"$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE pg_rowlock_baseline" postgres

# ---------------------------------------------------------------- 4. hold endpoint

# Enough fresh seats for the fastest rate we could see (~8,000 holds/s of 4 seats), over events of
# at most 100,000 seats (the Api's limit), and enough users that none exceeds its hold budget
# (RateLimits:HoldsPerUser, 30 per 10 s by default).
# Nothing releases these holds: they hold for an hour, longer than the whole bench, so that tens of
# thousands of them do not fall due together inside the sales that follow (at 600 s they did, in the
# stadium's first minute, and the sweep's catching up was the sale's too).
HOLD_EVENTS=$(( (SECONDS_PER_RUN * 8000 * 4 + 99999) / 100000 ))
HOLD_USERS=4000
say "hold endpoint: creating $HOLD_EVENTS events of 100,000 seats and $HOLD_USERS users' tokens"
"${DRIVER[@]}" create-event --events "$HOLD_EVENTS" --event-seats 100000 --seats-per-row 100 --rows-per-section 100 \
  --max-tickets-per-user 1000 --hold-ttl 3600 --title "wrk holds" --seats-file "$OUT/hold-seats.txt" --seats-per-hold 4 >/dev/null
"${DRIVER[@]}" tokens --users "$HOLD_USERS" --tokens-file "$OUT/hold-tokens.txt" --user-prefix bench-wrk >/dev/null
# The warm-up holds seats of an event of its own, so the measured run still finds every seat fresh.
"${DRIVER[@]}" create-event --events 1 --event-seats 100000 --seats-per-row 100 --rows-per-section 100 \
  --max-tickets-per-user 1000 --hold-ttl 3600 --title "wrk warm-up" --seats-file "$OUT/warmup-seats.txt" --seats-per-hold 4 >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s load/wrk/hold.lua "$BASE_URL" \
  -- "$OUT/hold-tokens.txt" "$OUT/warmup-seats.txt" 2 >/dev/null 2>&1
say "hold endpoint: wrk POST reservations (4 fresh seats each) for ${SECONDS_PER_RUN}s"
measure hold wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s load/wrk/hold.lua "$BASE_URL" \
  -- "$OUT/hold-tokens.txt" "$OUT/hold-seats.txt" 2 >"$OUT/hold.wrk.txt" 2>&1

HOLDS_201="$(grep -o '"201": [0-9]*' "$OUT/hold.wrk.txt" | awk '{print $2}')"
HOLD_SECONDS="$(grep -o '"duration_s": [0-9.]*' "$OUT/hold.wrk.txt" | awk '{print $2}')"
HALF_RATE="$(awk -v n="${HOLDS_201:-0}" -v s="${HOLD_SECONDS:-1}" 'BEGIN { r = n / s / 2; if (r < 50) r = 50; printf "%d", r }')"
# One 100,000-seat event holds 25,000 holds of 4, the driver's 3 s warm-up at the same rate
# included: shorten the run rather than let it run out of seats.
HALF_SECONDS=$(( (25000 - 3 * HALF_RATE) / HALF_RATE ))
HALF_SECONDS=$(( HALF_SECONDS < SECONDS_PER_RUN ? HALF_SECONDS : SECONDS_PER_RUN ))
say "hold endpoint at half the peak: driver hold-rate at $HALF_RATE holds/s for ${HALF_SECONDS}s"
measure hold-rate "${DRIVER[@]}" hold-rate --rate "$HALF_RATE" --duration "${HALF_SECONDS}s" --users 2000 \
  --event-seats 100000 --seats-per-row 100 --rows-per-section 100 --max-tickets-per-user 1000 \
  --seats-per-hold 4 --out "$OUT" --run-id bench >"$OUT/hold-rate.txt" 2>&1 || true

# ---------------------------------------------------------------- seat-map reads

# Every buyer who picks seats reads the seat map: what one read of a 20,000-seat map costs.
SEATMAP_EVENT="$("${DRIVER[@]}" create-event --event-seats "$FLASH_SEATS" --title "seat-map reads" | tail -n1)"
say "seat map: wrk GET seatmap of a $FLASH_SEATS-seat event for 5s"
measure seatmap wrk -t2 -c4 -d5s --latency -s load/wrk/report.lua "$BASE_URL/api/v1/events/$SEATMAP_EVENT/seatmap" \
  >"$OUT/seatmap.wrk.txt" 2>&1

# ---------------------------------------------------------------- 5. waiting room: polls and joins

# Rooms that take joins but admit nobody (paused): both runs measure the queue alone.
ROOM_EVENT_ARGS=(--event-seats 1000 --waiting-room paused)
POLL_EVENT="$("${DRIVER[@]}" create-event "${ROOM_EVENT_ARGS[@]}" --title "queue polls" | tail -n1)"
say "waiting room: $HOLD_USERS fans join a paused room; wrk polls their queue tokens for ${SECONDS_PER_RUN}s"
"${DRIVER[@]}" join-queue --event-id "$POLL_EVENT" --tokens-file "$OUT/hold-tokens.txt" --queue-tokens-file "$OUT/queue-tokens.txt" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s load/wrk/poll.lua "$BASE_URL" -- "$OUT/queue-tokens.txt" >/dev/null 2>&1
measure queue-poll wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s load/wrk/poll.lua "$BASE_URL" \
  -- "$OUT/queue-tokens.txt" >"$OUT/queue-poll.wrk.txt" 2>&1

# One fresh user per join, with room for 25,000 joins/s (first joins ran at up to 17,000/s here
# once joins went to Redis together); past that, users join again (answered their same place),
# which the report states.
JOIN_USERS=$(( SECONDS_PER_RUN * 25000 ))
say "waiting room: $JOIN_USERS users' tokens; wrk joins a paused room (one user per join) for ${SECONDS_PER_RUN}s"
"${DRIVER[@]}" tokens --users "$JOIN_USERS" --tokens-file "$OUT/join-tokens.txt" --user-prefix bench-join >/dev/null
echo "$JOIN_USERS" >"$OUT/join-users.txt"
JOIN_WARMUP_EVENT="$("${DRIVER[@]}" create-event "${ROOM_EVENT_ARGS[@]}" --title "queue joins warm-up" | tail -n1)"
JOIN_EVENT="$("${DRIVER[@]}" create-event "${ROOM_EVENT_ARGS[@]}" --title "queue joins" | tail -n1)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s load/wrk/join.lua "$BASE_URL" -- "$OUT/hold-tokens.txt" "$JOIN_WARMUP_EVENT" 2 >/dev/null 2>&1
measure queue-join wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s load/wrk/join.lua "$BASE_URL" \
  -- "$OUT/join-tokens.txt" "$JOIN_EVENT" 2 >"$OUT/queue-join.wrk.txt" 2>&1

# ---------------------------------------------------------------- 6. flash sale

# The sale goes through its waiting room: FLASH_FANS fans join at FLASH_JOIN_RATE a second and poll
# (at most FLASH_MAX_POLL_WAIT apart); the room's admission loop sets the rate under its caps.
# A fan who leaves without buying (declined, walked away: a fifth of them) keeps a place under
# max_active until the admission expires, so the bench gives admissions FLASH_ADMISSION_TTL
# seconds rather than the default 600 and max_active room for those places.
say "flash sale: $FLASH_FANS fans join the room of a $FLASH_SEATS-seat event at $FLASH_JOIN_RATE/s (target p99 $FLASH_TARGET_P99_MS ms) until sold out, then the invariant check"
CPU_EVERY_SECOND=1 measure flash-sale "${DRIVER[@]}" flash-sale --fans "$FLASH_FANS" --join-rate "$FLASH_JOIN_RATE" --max-active "$FLASH_MAX_ACTIVE" --admission-ttl "$FLASH_ADMISSION_TTL" \
  --admit-per-second "$FLASH_ADMIT_PER_SECOND" --target-p99-ms "$FLASH_TARGET_P99_MS" --max-poll-wait "$FLASH_MAX_POLL_WAIT" \
  --event-seats "$FLASH_SEATS" --duration 300s --hold-ttl 10 \
  --redis "$REDIS" --postgres "$POSTGRES" --out "$OUT" --run-id bench >"$OUT/flash-sale.txt" 2>&1 || true

# ---------------------------------------------------------------- 7. stadium on-sale

# An on-sale announced for a set time, at stadium size: STADIUM_FANS fans gather in the room's
# pre-queue before the open (joining at STADIUM_JOIN_RATE a second, all in before it), their order
# is drawn at the open, and the admission loop starts from 5 fans/s. Timed from the open to the
# sell-out. Every fan polls as the service paces it. Tens of thousands of fans waiting at once need
# more connections than a handful of buyers: the driver gets 4096, as many separate browsers would.
say "stadium: $STADIUM_FANS fans gather in the pre-queue of a 50000-seat event, open after ${STADIUM_PRE_QUEUE} s, until sold out, then the invariant check"
CPU_EVERY_SECOND=1 measure stadium-sale "${DRIVER[@]}" flash-sale --fans "$STADIUM_FANS" --join-rate "$STADIUM_JOIN_RATE" --pre-queue "${STADIUM_PRE_QUEUE}s" \
  --max-active "$STADIUM_MAX_ACTIVE" --admission-ttl "$FLASH_ADMISSION_TTL" --admit-per-second "$STADIUM_ADMIT_PER_SECOND" \
  --target-p99-ms "$FLASH_TARGET_P99_MS" --event-seats 50000 --duration 240s --hold-ttl 10 --connections 4096 \
  --redis "$REDIS" --postgres "$POSTGRES" --out "$OUT" --run-id stadium >"$OUT/stadium-sale.txt" 2>&1 || true

STACK_UP=0
stop_stack
trap - EXIT

# ---------------------------------------------------------------- persistence section (own stores)

if [ -x "$ROOT/load/persist-bench.sh" ]; then
  say "persistence: outbox writer throughput"
  measure persist "$ROOT/load/persist-bench.sh" --out "$OUT/persist" >"$OUT/persist.log" 2>&1 \
    || say "persist-bench.sh failed; see $OUT/persist.log"
else
  say "load/persist-bench.sh is missing: the persistence section is left out of this run"
fi

# ---------------------------------------------------------------- chaos section (own stack)

say "chaos: a flash sale while Redis, an Api, the worker and PostgreSQL are killed in turn"
# The chaos run starts its own stack with its own signing key: this stack's admin token and address
# must not leak into it.
measure chaos env -u ADMIN_TOKEN -u BASE_URL CHAOS_OUT="$OUT/chaos" "$ROOT/load/chaos.sh" >"$OUT/chaos.log" 2>&1 \
  || say "the chaos run failed or found a breach; see $OUT/chaos.log"

# ---------------------------------------------------------------- the report

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.env"

"${DRIVER[@]}" bench-report --results "$OUT" --doc "$DOC"
say "wrote $DOC (raw results in $OUT)"

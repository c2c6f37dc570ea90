#!/usr/bin/env bash
# Two builds of the Api, measured turn by turn in one run: the hold endpoint and GET /api/v1/ping
# under wrk, and the Api's CPU time per request. Meant for a change of the web stack (packages,
# middleware, logging), where the difference is a few percent and only alternation on the same
# machine, with the same Redis and PostgreSQL, in the same minutes, separates it from noise.
#
#   load/api-stack-bench.sh [BEFORE_REF [AFTER_REF]]     defaults: 839def4 and HEAD
#
# Each ref is built (Release) in a temporary git worktree. One throwaway Redis (AOF, appendfsync
# always) and one throwaway PostgreSQL serve both Apis, each with its own database; both Apis run
# for the whole bench, and only the one being measured gets requests. Per round and per build:
# a warm-up, then ping, then holds of fresh seats (4 per hold, load/wrk/hold.lua).
# Knobs: ROUNDS (3), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32),
# BENCH_OUT (results folder, default a fresh /tmp folder). Loopback only; about 4 minutes of load.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BEFORE_REF="${1:-839def4}"
AFTER_REF="${2:-HEAD}"
ROUNDS="${ROUNDS:-3}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/ticketing-api-stack.XXXXXX)}"
mkdir -p "$OUT"
chmod 755 "$OUT"

say() { printf '\033[1m[api-stack]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[api-stack] %s\033[0m\n' "$*" >&2; exit 1; }
# shellcheck source=load/lib/loopback.sh
source "$ROOT/load/lib/loopback.sh"

# ---------------------------------------------------------------- cleanup of all we start

API_PIDS=()
WORKTREES=()
PG_DIR="$OUT/pg"
cleanup() {
  local pid tree
  for pid in "${API_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -f "$PG_DIR/data/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${throwaway_redis_pid:-}" ] && stop_throwaway_redis
  for tree in "${WORKTREES[@]}"; do git worktree remove --force "$tree" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- builds

build() {
  local name="$1" ref="$2" tree="$OUT/src-$1"
  git worktree add --detach "$tree" "$ref" >/dev/null 2>&1 || die "cannot check out $ref"
  WORKTREES+=("$tree")
  say "building $name ($ref = $(git -C "$tree" rev-parse --short HEAD))"
  dotnet build "$tree/src/Api" -c Release -v quiet -nologo >"$OUT/build-$name.log" 2>&1 || { tail -n 30 "$OUT/build-$name.log"; die "build of $ref failed"; }
}
build before "$BEFORE_REF"
build after "$AFTER_REF"
# The load driver makes events and tokens through the HTTP API, which both builds share.
dotnet build load/Ticketing.Load -c Release -v quiet -nologo >"$OUT/build-driver.log" 2>&1 || { tail -n 30 "$OUT/build-driver.log"; die "driver build failed"; }
DRIVER=(dotnet "$ROOT/load/Ticketing.Load/bin/Release/net10.0/Ticketing.Load.dll")

# ---------------------------------------------------------------- stores

# shellcheck source=lib/throwaway-redis.sh
. "$ROOT/load/lib/throwaway-redis.sh"
start_throwaway_redis api-stack-bench
# start_throwaway_redis sets its own traps; ours stop the Redis too, and everything else.
trap cleanup EXIT
trap 'exit 130' INT TERM
REDIS_PORT="$port"
PG_PORT="$(free_port 5790)"
mkdir -p "$PG_DIR"
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PG_DIR"
as_postgres "$(pg_bin)/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$OUT/initdb.log" 2>&1 || die "initdb failed"
as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null || die "PostgreSQL did not start"
SIGNING_KEY="$(head -c 48 /dev/urandom | base64 -w0)"

# ---------------------------------------------------------------- the two Apis

declare -A URL PID
# A GET with bash alone, as ./ticketing does.
ready_status() {
  exec 4<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&4
  head -n1 <&4 | awk '{print $2}'
  exec 4>&-
}
start_api() {
  local name="$1" http_port
  http_port="$(free_port "$2")"
  "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE \"$name\"" postgres
  ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
  ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$name" \
  Auth__SigningKey="$SIGNING_KEY" \
  Auth__AllowDevTokens=true \
  Auth__DevAdminTokenFile="$OUT/admin-token-$name" \
  RateLimits__ExemptLoopback=true \
  Reconciler__Jobs__Enabled=false \
    dotnet "$OUT/src-$name/src/Api/bin/Release/net10.0/Ticketing.Api.dll" --urls "http://127.0.0.1:$http_port" \
    --contentRoot "$OUT/src-$name/src/Api" >"$OUT/api-$name.log" 2>&1 &
  API_PIDS+=("$!")
  PID[$name]=$!
  URL[$name]="http://127.0.0.1:$http_port"
  local _
  for _ in $(seq 1 300); do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 30 "$OUT/api-$name.log"; die "the $name Api exited during start-up"; }
    [ "$(ready_status "$http_port" 2>/dev/null)" = 200 ] && [ -s "$OUT/admin-token-$name" ] && return 0
    sleep 0.3
  done
  die "the $name Api is not ready; see $OUT/api-$name.log"
}
say "starting both Apis (Redis :$REDIS_PORT, PostgreSQL :$PG_PORT)"
start_api before 8390
start_api after 8490

# Fresh seats for every hold run of both builds: events of 100,000 seats, four per run (enough for
# 10,000 holds of 4 seats a second for 10 s).
prepare() {
  local name="$1" run
  export BASE_URL="${URL[$name]}" ADMIN_TOKEN
  ADMIN_TOKEN="$(cat "$OUT/admin-token-$name")"
  "${DRIVER[@]}" tokens --users 2000 --tokens-file "$OUT/tokens-$name.txt" --user-prefix "bench-$name" >/dev/null
  for run in $(seq 0 "$ROUNDS"); do
    "${DRIVER[@]}" create-event --events 4 --event-seats 100000 --seats-per-row 100 --rows-per-section 100 \
      --max-tickets-per-user 1000 --hold-ttl 600 --title "api-stack $name $run" --seats-file "$OUT/seats-$name-$run.txt" \
      --seats-per-hold 4 >/dev/null
  done
}
say "creating events and tokens"
prepare before
prepare after

# ---------------------------------------------------------------- measurement

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICKS_PER_SECOND="$(getconf CLK_TCK)"
RESULTS="$OUT/results.tsv"
printf 'round\tbuild\troute\trequests_per_s\tp50_ms\tp99_ms\tcpu_us_per_request\tstatuses\n' >"$RESULTS"

# run ROUND BUILD ROUTE SCRIPT wrk-args...: one measured wrk run, with the Api's CPU ticks around it.
run() {
  local round="$1" name="$2" route="$3" script="$4"; shift 4
  local before after text
  before="$(cpu_ticks "${PID[$name]}")"
  text="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$ROOT/load/wrk/$script" "$@")"
  after="$(cpu_ticks "${PID[$name]}")"
  printf '%s\n' "$text" >"$OUT/wrk-$round-$name-$route.txt"
  python3 - "$round" "$name" "$route" "$((after - before))" "$TICKS_PER_SECOND" "$text" >>"$RESULTS" <<'EOF'
import json, sys
round_, name, route, ticks, hz, text = sys.argv[1:7]
line = next(l for l in text.splitlines() if l.startswith("WRK_JSON "))
w = json.loads(line[len("WRK_JSON "):])
ok = sum(c for s, c in w["statuses"].items() if s.startswith("2"))
cpu_us = int(ticks) / int(hz) * 1e6 / max(ok, 1)
print(f'{round_}\t{name}\t{route}\t{ok / w["duration_s"]:.0f}\t{w["latency_ms"]["p50"]:.2f}\t{w["latency_ms"]["p99"]:.2f}\t{cpu_us:.0f}\t{json.dumps(w["statuses"])}')
EOF
}

for round in $(seq 1 "$ROUNDS"); do
  # The order alternates, so neither build always runs first after the other's load.
  order=(before after)
  [ $((round % 2)) -eq 0 ] && order=(after before)
  for name in "${order[@]}"; do
    say "round $round: $name"
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$ROOT/load/wrk/hold.lua" "${URL[$name]}" \
      -- "$OUT/tokens-$name.txt" "$OUT/seats-$name-0.txt" 2 >/dev/null 2>&1 || true
    run "$round" "$name" ping report.lua "${URL[$name]}/api/v1/ping"
    run "$round" "$name" hold hold.lua "${URL[$name]}" -- "$OUT/tokens-$name.txt" "$OUT/seats-$name-$round.txt" 2
  done
done

column -t -s $'\t' "$RESULTS"
python3 - "$RESULTS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print()
for route in ("ping", "hold"):
    med = {}
    for build in ("before", "after"):
        mine = [r for r in rows if r["build"] == build and r["route"] == route]
        med[build] = {k: statistics.median(float(r[k]) for r in mine) for k in ("requests_per_s", "p99_ms", "cpu_us_per_request")}
    change = med["after"]["requests_per_s"] / med["before"]["requests_per_s"] - 1
    print(f'{route}: median req/s {med["before"]["requests_per_s"]:.0f} -> {med["after"]["requests_per_s"]:.0f} ({change:+.1%}); '
          f'p99 {med["before"]["p99_ms"]:.2f} -> {med["after"]["p99_ms"]:.2f} ms; '
          f'CPU {med["before"]["cpu_us_per_request"]:.0f} -> {med["after"]["cpu_us_per_request"]:.0f} us/request')
EOF
say "results in $OUT"

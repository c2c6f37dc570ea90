#!/usr/bin/env bash
# The chaos run (`./ticketing chaos`): a flash sale through the full HTTP path and the waiting room
# while Redis, an Api process, the background worker and PostgreSQL are each killed with kill -9,
# in turn and at moments drawn from a seed, and started again on the same port and data. Then,
# fault by fault: requests answered 5xx or dropped, seconds until holds succeed again, and after
# convergence every order acknowledged with a 200 looked up in Redis and PostgreSQL.
#
#   load/chaos.sh                            starts its own stack on free loopback ports, runs the sale
#                                            (the driver's `chaos` verb), stops the stack; exits with the
#                                            driver's code: 99 an acknowledged order lost or a seat sold twice
#   load/chaos.sh fault STATE kill|start T   kills or starts T (redis, api, worker, postgres) of the stack
#                                            whose state is in STATE; the driver calls it as STATE/fault
#
# The stack: Redis (AOF, appendfsync always), PostgreSQL (fsync on), two Api processes that share
# the traffic (the driver sends each request to the next Api, and a refused connection to the other,
# as a load balancer would), and one worker (the Reconciler process) that alone runs the outbox
# writer and the job schedules. Killing "api" kills the first Api: the second keeps serving.
#
# Knobs (environment): CHAOS_SEED (drawn and printed if unset), CHAOS_OUT (results; a fresh /tmp
# folder), CHAOS_BIN (a folder holding Ticketing.Api.dll, Ticketing.Reconciler.dll and
# Ticketing.Load.dll already built; unset: a Release build of each), CHAOS_SEATS (3000),
# CHAOS_FANS (3 x seats), CHAOS_JOIN_RATE (40 fans/s), CHAOS_MAX_ACTIVE (300), CHAOS_DURATION
# (240s, the longest sale), CHAOS_GAP (3-8: seconds before each kill), CHAOS_DOWN (1-3: seconds a
# killed process stays down), CHAOS_SETTLE (60s for the stores to converge), CHAOS_KEEP=1 keeps the
# stack's data. Only 127.0.0.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=load/lib/servers.sh
source "$ROOT/load/lib/servers.sh"

say() { printf '\033[1m[chaos]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[chaos] %s\033[0m\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- the processes

# Every process writes its pid to $STATE/pids/NAME, which is all that kill and the final stop read.
# Started processes never keep the caller's stdout: the driver waits for a fault command's output
# to end, and a server holding it open would stall the run.

pid_of() { cat "$STATE/pids/$1" 2>/dev/null || true; }

# started NAME: records the last background process as NAME's. Its death is this script's doing
# (a fault, or the final stop): bash need not report it as a failed job.
started() {
  echo $! >"$STATE/pids/$1"
  disown $!
}

# A GET with bash alone, as ./ticketing does.
http_status() {
  exec 4<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&4
  head -n1 <&4 | awk '{print $2}'
  exec 4>&-
}

# wait_until SECONDS NAME COMMAND...: polls COMMAND every 0.2 s; fails if NAME's process died.
wait_until() {
  local seconds="$1" name="$2"; shift 2
  local _
  for _ in $(seq 1 $((seconds * 5))); do
    "$@" 2>/dev/null && return 0
    [ -n "$(pid_of "$name")" ] && ! kill -0 "$(pid_of "$name")" 2>/dev/null && { tail -n 30 "$STATE/$name.log" >&2 || true; die "$name exited while starting"; }
    sleep 0.2
  done
  die "$name did not become ready within $seconds s; see $STATE/$name.log"
}

start_redis_process() {
  mkdir -p "$STATE/redis"
  serve_redis "$STATE/redis" "$REDIS_PORT" </dev/null >>"$STATE/redis.log" 2>&1 &
  started redis
  wait_until 30 redis redis_ready
}
redis_ready() { redis-cli -p "$REDIS_PORT" ping | grep -q PONG; }

# PostgreSQL forks a backend per connection: its pid file names the postmaster, the rest are its children.
start_postgres_process() {
  start_postgres "$STATE/pg" "$PG_PORT"
  head -n1 "$STATE/pg/data/postmaster.pid" >"$STATE/pids/postgres"
}

start_api_process() {
  local name="$1" port="$2"
  # The worker alone writes the outbox and schedules the jobs, so that killing it is felt.
  ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
  ConnectionStrings__Postgres="$POSTGRES" \
  Auth__SigningKey="$SIGNING_KEY" \
  Auth__AllowDevTokens=true \
  RateLimits__ExemptLoopback=true \
  WaitingRoom__JoinsPerAddress=1000000 \
  Reconciler__Outbox__Enabled=false \
  Reconciler__Jobs__Enabled=false \
  Serilog__MinimumLevel__Default=Warning \
    dotnet "$API_DLL" --urls "http://127.0.0.1:$port" --contentRoot "$ROOT/src/Api" \
    </dev/null >>"$STATE/$name.log" 2>&1 &
  started "$name"
}
api_ready() { [ "$(http_status "$1" /health/ready)" = 200 ]; }

start_worker_process() {
  (cd "$STATE" && exec dotnet "$WORKER_DLL" \
    "--ConnectionStrings:Redis=127.0.0.1:$REDIS_PORT" "--ConnectionStrings:Postgres=$POSTGRES" \
    "--Logging:LogLevel:Default=Warning" "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information" \
    </dev/null >>"$STATE/worker.log" 2>&1) &
  started worker
}
# The host logs this once its hosted services (the outbox writer, the job server) have started.
worker_started() { [ "$(grep -c 'Application started' "$STATE/worker.log")" -gt "$(cat "$STATE/worker.starts")" ]; }
count_worker_starts() { grep -c 'Application started' "$STATE/worker.log" >"$STATE/worker.starts" || true; }

# ---------------------------------------------------------------- faults

kill_target() {
  case "$1" in
    redis|worker) kill -9 "$(pid_of "$1")" ;;
    api) kill -9 "$(pid_of api-1)" ;;
    # The whole server at once, as a crash of its machine would take it: the postmaster and every backend.
    postgres)
      local postmaster; postmaster="$(pid_of postgres)"
      # shellcheck disable=SC2046
      kill -9 "$postmaster" $(pgrep -P "$postmaster") 2>/dev/null || true
      local _; for _ in $(seq 1 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done ;;
    *) die "unknown target '$1' (redis, api, worker, postgres)" ;;
  esac
}

start_target() {
  case "$1" in
    redis) start_redis_process ;;
    api) start_api_process api-1 "$API_1_PORT"; wait_until 120 api-1 api_ready "$API_1_PORT" ;;
    worker) count_worker_starts; start_worker_process; wait_until 120 worker worker_started ;;
    postgres) start_postgres_process ;;
    *) die "unknown target '$1' (redis, api, worker, postgres)" ;;
  esac
}

if [ "${1:-}" = fault ]; then
  [ $# -eq 4 ] || die "usage: load/chaos.sh fault STATE kill|start TARGET"
  STATE="$2"
  # shellcheck source=/dev/null
  source "$STATE/stack.env"
  case "$3" in
    kill) kill_target "$4" ;;
    start) start_target "$4" ;;
    *) die "usage: load/chaos.sh fault STATE kill|start TARGET" ;;
  esac
  exit 0
fi

# ---------------------------------------------------------------- the run

OUT="${CHAOS_OUT:-$(mktemp -d -t ticketing-chaos.XXXXXX)}"
mkdir -p "$OUT"
chmod 755 "$OUT"
STATE="$OUT/stack"
[ ! -e "$STATE" ] || die "$STATE holds a stack from an earlier run; choose a new CHAOS_OUT"
mkdir -p "$STATE/pids"
chmod 755 "$STATE"

SEED="${CHAOS_SEED:-$(shuf -i 1-999999 -n 1)}"
SEATS="${CHAOS_SEATS:-3000}"
FANS="${CHAOS_FANS:-$((SEATS * 3))}"
JOIN_RATE="${CHAOS_JOIN_RATE:-40}"
MAX_ACTIVE="${CHAOS_MAX_ACTIVE:-300}"
DURATION="${CHAOS_DURATION:-240s}"
GAP="${CHAOS_GAP:-3-8}"
DOWN="${CHAOS_DOWN:-1-3}"
SETTLE="${CHAOS_SETTLE:-60s}"

stop_stack() {
  local name pid
  for name in api-1 api-2 worker redis; do
    pid="$(pid_of "$name")"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  [ -f "$STATE/pg/data/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$STATE/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  for name in api-1 api-2 worker redis; do
    pid="$(pid_of "$name")"
    [ -n "$pid" ] || continue
    local _; for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    # Gone before the script ends: whoever runs it may check at once that nothing is left.
    for _ in $(seq 1 50); do [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo Z)" = Z ] && break; sleep 0.1; done
  done
  [ "${CHAOS_KEEP:-0}" = 1 ] || rm -rf "$STATE/redis" "$STATE/pg"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

if [ -n "${CHAOS_BIN:-}" ]; then
  API_DLL="$CHAOS_BIN/Ticketing.Api.dll"
  WORKER_DLL="$CHAOS_BIN/Ticketing.Reconciler.dll"
  DRIVER_DLL="$CHAOS_BIN/Ticketing.Load.dll"
else
  say "building the Api, the worker and the driver (Release)"
  for project in src/Api src/Reconciler load/Ticketing.Load; do
    dotnet build "$ROOT/$project" -c Release -v quiet -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; die "build of $project failed"; }
  done
  API_DLL="$ROOT/src/Api/bin/Release/net10.0/Ticketing.Api.dll"
  WORKER_DLL="$ROOT/src/Reconciler/bin/Release/net10.0/Ticketing.Reconciler.dll"
  DRIVER_DLL="$ROOT/load/Ticketing.Load/bin/Release/net10.0/Ticketing.Load.dll"
fi
for dll in "$API_DLL" "$WORKER_DLL" "$DRIVER_DLL"; do [ -f "$dll" ] || die "$dll is missing"; done

# Below the kernel's ephemeral range (32768 and up), where an outgoing connection could take a
# killed server's port before it is started again.
REDIS_PORT="$(free_port 16390)"
PG_PORT="$(free_port 15442)"
API_1_PORT="$(free_port 18080)"
API_2_PORT="$(free_port $((API_1_PORT + 1)))"
POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ticketing"
SIGNING_KEY="$(head -c 48 /dev/urandom | base64 -w0)"
# What a fault command needs to find and start the same processes again.
cat >"$STATE/stack.env" <<EOF
ROOT='$ROOT'
API_DLL='$API_DLL'
WORKER_DLL='$WORKER_DLL'
REDIS_PORT=$REDIS_PORT
PG_PORT=$PG_PORT
API_1_PORT=$API_1_PORT
API_2_PORT=$API_2_PORT
POSTGRES='$POSTGRES'
SIGNING_KEY='$SIGNING_KEY'
EOF
printf '#!/usr/bin/env bash\nexec %q fault %q "$@"\n' "$ROOT/load/chaos.sh" "$STATE" >"$STATE/fault"
chmod +x "$STATE/fault"

say "seed $SEED; results in $OUT"
say "starting Redis :$REDIS_PORT and PostgreSQL :$PG_PORT"
start_redis_process
init_postgres "$STATE/pg"
start_postgres_process
"$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE ticketing" postgres

say "starting the worker, then the Apis on :$API_1_PORT and :$API_2_PORT"
echo 0 >"$STATE/worker.starts"
start_worker_process
# The worker applies the migrations first, so the Apis do not wait on its lock.
wait_until 180 worker worker_started
start_api_process api-1 "$API_1_PORT"
start_api_process api-2 "$API_2_PORT"
wait_until 180 api-1 api_ready "$API_1_PORT"
wait_until 180 api-2 api_ready "$API_2_PORT"

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "seed=$SEED"
} >"$OUT/machine.env"

say "flash sale of $SEATS seats ($FANS fans at $JOIN_RATE/s) with Redis, an Api, the worker and PostgreSQL killed in turn"
status=0
dotnet "$DRIVER_DLL" chaos \
  --base-url "http://127.0.0.1:$API_1_PORT,http://127.0.0.1:$API_2_PORT" \
  --fault-command "$STATE/fault" --seed "$SEED" \
  --fault-gap-min "${GAP%-*}" --fault-gap-max "${GAP#*-}" --fault-down-min "${DOWN%-*}" --fault-down-max "${DOWN#*-}" \
  --event-seats "$SEATS" --seats-per-row 50 --rows-per-section 20 --fans "$FANS" --join-rate "$JOIN_RATE" \
  --max-active "$MAX_ACTIVE" --admit-per-second 500 --target-p99-ms 500 --admission-ttl 30 --max-poll-wait 1 \
  --hold-ttl 10 --duration "$DURATION" --settle "$SETTLE" --connections 256 \
  --redis "127.0.0.1:$REDIS_PORT" --postgres "$POSTGRES" --out "$OUT" --run-id chaos || status=$?
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.env"
# The names the benchmark page reads the section from, the machine and the run first.
if [ -f "$OUT/chaos-chaos.md" ]; then
  {
    printf 'Measured %s on %s, %s cores; load average %s before the run and %s after it (other work shares the cores); commit %s; `CHAOS_SEED=%s ./ticketing chaos` replays the schedule.\n\n' \
      "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" "$(nproc)" \
      "$(grep '^load_before=' "$OUT/machine.env" | cut -d= -f2)" "$(grep '^load_after=' "$OUT/machine.env" | cut -d= -f2)" \
      "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$SEED"
    cat "$OUT/chaos-chaos.md"
  } >"$OUT/chaos.md"
  cp "$OUT/chaos-chaos.json" "$OUT/chaos.json"
fi
say "results in $OUT (exit $status)"
exit "$status"

# Sourced by the benchmarks: a throwaway redis-server on a free loopback port with the
# production persistence (AOF, appendfsync always), stopped and deleted when the caller exits.
#
#   start_throwaway_redis NAME    sets $port and $data, or exits with a message naming NAME

# shellcheck source=load/lib/cleanup.sh
source "$(dirname "${BASH_SOURCE[0]}")/cleanup.sh"

# shellcheck source=load/lib/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

start_throwaway_redis() {
  local name="$1" candidate
  port=""
  for candidate in $(shuf -i 30000-39999 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
  done
  [ -n "$port" ] || { echo "$name: no free port" >&2; exit 1; }

  data="$(mktemp -d -t "ticketing-$name-XXXXXX")"
  serve_redis "$data" "$port" &
  throwaway_redis_pid=$!
  on_exit stop_throwaway_redis

  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "$name: redis did not start; see $data/redis.log" >&2
  exit 1
}

stop_throwaway_redis() {
  kill "$throwaway_redis_pid" 2>/dev/null || true
  wait "$throwaway_redis_pid" 2>/dev/null || true
  rm -rf "$data"
}

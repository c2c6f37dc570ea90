# Sourced by the benchmarks: a throwaway PostgreSQL cluster on a free loopback port with fsync on
# (the production durability), stopped and deleted when the caller exits. As root the server
# runs as the packaged 'postgres' user, which PostgreSQL requires.
#
#   start_throwaway_postgres NAME    sets $pg_port and $pg_data, or exits with a message naming NAME

# shellcheck source=load/lib/cleanup.sh
source "$(dirname "${BASH_SOURCE[0]}")/cleanup.sh"

# shellcheck source=load/lib/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

start_throwaway_postgres() {
  local name="$1" bin candidate
  bin="$(pg_bin)"
  [ -x "$bin/postgres" ] || { echo "$name: PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  pg_port=""
  for candidate in $(shuf -i 40000-49999 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port="$candidate"; break; fi
  done
  [ -n "$pg_port" ] || { echo "$name: no free port" >&2; exit 1; }

  pg_data="$(mktemp -d -t "ticketing-$name-pg-XXXXXX")"
  on_exit stop_throwaway_postgres
  init_postgres "$pg_data" || { echo "$name: no PostgreSQL cluster" >&2; exit 1; }
  start_postgres "$pg_data" "$pg_port" || { echo "$name: no PostgreSQL server" >&2; exit 1; }
}

stop_throwaway_postgres() {
  [ -f "$pg_data/data/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$pg_data/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$pg_data"
}

# Sourced by the benchmarks: a throwaway PostgreSQL cluster on a free loopback port with fsync on
# (the production durability), stopped and deleted when the caller exits. As root the server
# runs as the packaged 'postgres' user, which PostgreSQL requires.
#
#   start_throwaway_postgres NAME    sets $pg_port and $pg_data, or exits with a message naming NAME

# shellcheck source=load/lib/cleanup.sh
source "$(dirname "${BASH_SOURCE[0]}")/cleanup.sh"

# shellcheck source=load/lib/loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"

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
  chmod 755 "$pg_data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_data"
  on_exit stop_throwaway_postgres
  as_postgres "$bin/initdb" -D "$pg_data/data" -U postgres --auth=trust -E UTF8 --no-sync --locale=C >"$pg_data/initdb.log" 2>&1 \
    || { echo "$name: initdb failed; see $pg_data/initdb.log" >&2; exit 1; }
  as_postgres "$bin/pg_ctl" -D "$pg_data/data" -l "$pg_data/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c shared_buffers=128MB" start >/dev/null \
    || { echo "$name: PostgreSQL did not start; see $pg_data/postgres.log" >&2; exit 1; }
}

stop_throwaway_postgres() {
  [ -f "$pg_data/data/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$pg_data/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$pg_data"
}

# Sourced by the load scripts: how each store is started on 127.0.0.1 with the production
# durability, so every script that starts one (throwaway or restarted after a kill) starts it alike.
#
#   serve_redis DIR PORT        becomes redis-server (exec) with its data and log in DIR: AOF with
#                               appendfsync always, so an acknowledged commit survives kill -9. Run it
#                               with & : $! is then the server's own pid
#   init_postgres DIR           a new PostgreSQL cluster in DIR/data (trust on loopback), owned by postgres as root
#   start_postgres DIR PORT     starts DIR/data on PORT (fsync on; crash recovery first if it was killed),
#                               returns once it accepts connections

# shellcheck source=load/lib/loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"

serve_redis() {
  local dir="$1" port="$2"
  exec redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --appendfsync always \
    --save "" --daemonize no --loglevel warning --logfile "$dir/redis.log"
}

init_postgres() {
  local dir="$1" bin
  bin="$(pg_bin)"
  [ -x "$bin/postgres" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; return 1; }
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync --locale=C >"$dir/initdb.log" 2>&1 \
    || { echo "initdb failed; see $dir/initdb.log" >&2; return 1; }
}

start_postgres() {
  local dir="$1" port="$2"
  as_postgres "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c shared_buffers=128MB" start >/dev/null \
    || { echo "PostgreSQL did not start; see $dir/postgres.log" >&2; return 1; }
}

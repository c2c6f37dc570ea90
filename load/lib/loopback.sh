# Sourced by the benchmarks: the small helpers every script that starts servers on 127.0.0.1 needs.
#
#   port_in_use PORT     true when something listens on 127.0.0.1:PORT
#   free_port PORT       the first free port from PORT up
#   pg_bin               the newest installed PostgreSQL's bin folder
#   as_postgres CMD...   runs CMD as the packaged 'postgres' user when root (PostgreSQL refuses root)

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port="$1"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr | head -n1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi
}

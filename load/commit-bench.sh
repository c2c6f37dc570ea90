#!/usr/bin/env bash
# Commit bench: the cost of waiting for the replica. A throwaway Redis primary and its replica
# (both AOF, appendfsync always) on loopback; the same callers check out (hold, begin payment,
# commit) through the engine façade with commits that do not wait (the anchor) and that wait for
# the replica (WAIT 1), alternating in the same run. Prints checkouts/s and commit-call latency
# per run, then the median ratio wait/off.
#
#   load/commit-bench.sh [--seconds N] [--callers N] [--rounds N]
#
# Only 127.0.0.1; every process it starts is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=5
callers=16
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --callers) callers="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in redis-server redis-cli dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "commit-bench: $tool is required" >&2; exit 1; }
done

# shellcheck source=load/lib/throwaway-redis.sh
source "$root/load/lib/throwaway-redis.sh"
start_throwaway_redis commit-bench
primary_port="$port"

replica_port=""
for candidate in $(shuf -i 40000-49999 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then replica_port="$candidate"; break; fi
done
[ -n "$replica_port" ] || { echo "commit-bench: no free port for the replica" >&2; exit 1; }
replica_data="$(mktemp -d -t ticketing-commit-bench-replica-XXXXXX)"
redis-server --port "$replica_port" --bind 127.0.0.1 --dir "$replica_data" --appendonly yes --appendfsync always \
  --save "" --daemonize no --loglevel warning --logfile "$replica_data/redis.log" \
  --replicaof 127.0.0.1 "$primary_port" &
replica_pid=$!
stop_replica() { kill "$replica_pid" 2>/dev/null || true; wait "$replica_pid" 2>/dev/null || true; rm -rf "$replica_data"; }
on_exit stop_replica
for _ in $(seq 1 100); do
  redis-cli -p "$replica_port" info replication 2>/dev/null | grep -q "master_link_status:up" && break
  sleep 0.1
done
redis-cli -p "$replica_port" info replication | grep -q "master_link_status:up" \
  || { echo "commit-bench: the replica did not sync; see $replica_data/redis.log" >&2; exit 1; }

echo "[commit-bench] primary 127.0.0.1:$primary_port, replica 127.0.0.1:$replica_port (AOF, appendfsync always)"
dotnet build -c Release "$root/load/CommitBench" -v quiet -nologo >/dev/null
dotnet "$root/load/CommitBench/bin/Release/net10.0/Ticketing.CommitBench.dll" \
  --primary "127.0.0.1:$primary_port" --seconds "$seconds" --callers "$callers" --rounds "$rounds"

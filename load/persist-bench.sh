#!/usr/bin/env bash
# Persistence benchmark: persist lag (commit in Redis -> row in PostgreSQL) under a steady commit
# rate, the outbox writer's maximum orders/s, and a plain INSERT anchor from the same run.
#   load/persist-bench.sh [--out DIR] [--seconds N] [--warmup N] [--rate N] [--entries N]
# (--warmup: seconds of the same commits before the measured window, default 3)
# Writes DIR/persist.json and DIR/persist.md (DIR defaults to load/results/persist).
# Starts its own redis-server and postgres on free loopback ports and stops them at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build load/PersistBench -c Release -v quiet -nologo >/dev/null

# shellcheck source=load/lib/throwaway-redis.sh
source load/lib/throwaway-redis.sh
# shellcheck source=load/lib/throwaway-postgres.sh
source load/lib/throwaway-postgres.sh
echo "[persist-bench] starting Redis (AOF, appendfsync always) and PostgreSQL (fsync on)"
start_throwaway_redis persist-bench
start_throwaway_postgres persist-bench
"$(pg_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc 'CREATE DATABASE bench' postgres

dotnet load/PersistBench/bin/Release/net10.0/PersistBench.dll \
  --redis "127.0.0.1:$port" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench" "$@"

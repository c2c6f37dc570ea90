#!/usr/bin/env bash
# Persistence benchmark: persist lag (commit in Redis -> row in PostgreSQL) under a steady commit
# rate, the outbox writer's maximum orders/s, and a plain INSERT anchor from the same run.
#   load/persist-bench.sh [--out DIR] [--seconds N] [--rate N] [--entries N]
# Writes DIR/persist.json and DIR/persist.md (DIR defaults to load/results/persist).
# Starts its own redis-server and postgres on free loopback ports and stops them at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build load/PersistBench -c Release -v quiet -nologo >/dev/null
exec dotnet load/PersistBench/bin/Release/net10.0/PersistBench.dll "$@"

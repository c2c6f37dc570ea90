#!/usr/bin/env bash
# Engine benchmark: 4-seat holds through redis-benchmark (EVALSHA, the ceiling of one Redis core)
# and through the C# façade, against a throwaway redis-server with the production persistence
# (AOF, appendfsync always; everysec is measured too). Writes DIR/engine.json and DIR/engine.md.
#
#   load/engine-bench.sh [--out DIR] [--seconds N]
#
# Only 127.0.0.1; every process it starts is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.bench"
seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for tool in redis-server redis-cli redis-benchmark dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "engine-bench: $tool is required" >&2; exit 1; }
done

# shellcheck source=load/lib/throwaway-redis.sh
source "$root/load/lib/throwaway-redis.sh"
start_throwaway_redis engine-bench

echo "[engine-bench] redis-server on 127.0.0.1:$port (AOF, appendfsync always), data in $data"
dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo >/dev/null
dotnet "$root/load/EngineBench/bin/Release/net10.0/Ticketing.EngineBench.dll" \
  --redis "127.0.0.1:$port" --seconds "$seconds" --out "$out"

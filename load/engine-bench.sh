#!/usr/bin/env bash
# Engine benchmark: 4-seat holds through redis-benchmark (EVALSHA, the ceiling of one Redis core)
# and through the C# façade, against a throwaway redis-server with the production persistence
# (AOF, appendfsync always; everysec is measured too). Writes DIR/engine.json and DIR/engine.md.
#
#   load/engine-bench.sh [--out DIR] [--seconds N] [--room-fans N] [--clients "VERSION VERSION ..." [--rounds N]]
#
# Then the waiting room: --room-fans fans (default 1,000,000; 0 skips it) join one room through
# the engine; join rate beside the hold anchor, and Redis memory per waiting fan (DIR/room.json, room.md).
#
# --clients builds the bench once per StackExchange.Redis version and runs the builds in turn,
# A B A B ..., --rounds times (default 3) on the same server, so load from other work on the
# machine falls on every version alike. Results go to DIR/<version>/round<N>/; the last lines
# compare the versions' median façade/anchor ratios.
#
# Only 127.0.0.1; every process it starts is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.bench"
seconds=10
clients=""
rounds=3
room_fans=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --room-fans) room_fans="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
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
if [ -z "$clients" ]; then
  dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo >/dev/null
  dotnet "$root/load/EngineBench/bin/Release/net10.0/Ticketing.EngineBench.dll" \
    --redis "127.0.0.1:$port" --seconds "$seconds" --out "$out" --room-fans "$room_fans"
  exit 0
fi

# One build per client version, each in its own artifacts folder so their restores never mix.
for version in $clients; do
  echo "[engine-bench] building with StackExchange.Redis $version"
  dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo -p:StackExchangeRedisVersion="$version" \
    --artifacts-path "$out/build-$version" >/dev/null
done
for round in $(seq 1 "$rounds"); do
  for version in $clients; do
    echo "[engine-bench] round $round, StackExchange.Redis $version"
    dotnet "$out/build-$version/bin/EngineBench/release/Ticketing.EngineBench.dll" \
      --redis "127.0.0.1:$port" --seconds "$seconds" --out "$out/$version/round$round" --room-fans 0
  done
done
# The client is what differs between the builds, so compare their façade rates; the ratio to the
# anchor run beside each one takes out the load other work put on the machine at that moment.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { grep -o "\"$1\": *[0-9.]*" "$2" | head -n1 | grep -o '[0-9.]*$'; }
for version in $clients; do
  results=()
  for round in $(seq 1 "$rounds"); do results+=("$out/$version/round$round/engine.json"); done
  facade="$(for file in "${results[@]}"; do field facade_holds_per_s "$file"; done | median)"
  ratio="$(for file in "${results[@]}"; do field ratio "$file"; done | median)"
  echo "[engine-bench] StackExchange.Redis $version: median façade $facade holds/s, median façade/anchor $ratio ($rounds rounds)"
done

#!/usr/bin/env bash
# Two builds of the engine's scripts, timed in turn inside one throwaway Redis: what a change to the
# Lua costs or saves, without a client or the disk in the measurement.
#
#   load/script-ab.sh OLD_REV NEW_REV [--rounds N] [--holds-per-user K]
#
# Loads both builds' function libraries (each build's own --engine-library) into one redis-server,
# pinned to CPU 0, with persistence off, so Redis's time per call is the scripts' own. Each round
# runs, for each build in turn (the order swaps every round), one fresh 20,000-seat event through
# 2,000 named 4-seat holds, 2,000 best-available holds, begin payment and commit of the named holds
# and release of the others (load/EngineBench/PipeCommands.cs), sent by redis-cli --pipe from
# CPU 1, and checks the event's counters after each build's round (every call did its work).
# Prints each build's median Redis µs per call over the rounds (INFO commandstats, reset before
# each operation), and the change. Both builds must take the same script arguments.
# --holds-per-user K (default 1, a sale's buyer) gives each user K holds in a row, so each hold
# meets its user's earlier holds still live.
# Needs 2 CPUs; only 127.0.0.1; the server and the worktrees are removed on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,17p' "$0"; exit 2; }
old="$1" new="$2"; shift 2
rounds=10
holds_per_user=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --holds-per-user) holds_per_user="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in redis-server redis-cli taskset dotnet git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "script-ab: $tool is required" >&2; exit 1; }
done

# shellcheck source=load/lib/throwaway-redis.sh
source "$root/load/lib/throwaway-redis.sh"
work="$(mktemp -d -t ticketing-script-ab-XXXXXX)"
remove_work() {
  for tree in "$work"/tree-*; do [ -d "$tree" ] && git -C "$root" worktree remove --force "$tree"; done
  rm -rf "$work"
}
on_exit remove_work

# Each build prints its own library; this checkout writes the calls for both.
declare -A suffix
for rev in "$old" "$new"; do
  tree="$work/tree-$(git -C "$root" rev-parse --short "$rev")"
  git -C "$root" worktree add -q --detach "$tree" "$rev"
  dotnet run -c Release --project "$tree/load/EngineBench" -- --engine-library >"$work/$rev.lua"
  suffix[$rev]="$(head -n1 "$work/$rev.lua" | sed 's/.*_\([0-9a-f]*\)$/\1/')"
done
dotnet build -c Release "$root/load/EngineBench" -v quiet -nologo >/dev/null
bench="$root/load/EngineBench/bin/Release/net10.0/Ticketing.EngineBench.dll"

start_throwaway_redis script-ab
redis-cli -p "$port" CONFIG SET appendonly no >/dev/null
taskset -cp 0 "$(redis-cli -p "$port" INFO server | tr -d '\r' | awk -F: '/^process_id:/ {print $2}')" >/dev/null
for rev in "$old" "$new"; do
  redis-cli -p "$port" -x FUNCTION LOAD REPLACE <"$work/$rev.lua" >/dev/null
done
echo "[script-ab] $old (${suffix[$old]}) against $new (${suffix[$new]}), $rounds rounds, $holds_per_user holds per user, redis-server :$port on CPU 0"

results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$rounds"); do
  order=("$old" "$new")
  [ $((round % 2)) = 0 ] && order=("$new" "$old")
  for rev in "${order[@]}"; do
    event="$(cat /proc/sys/kernel/random/uuid)"
    dotnet "$bench" --pipe-commands "${suffix[$rev]}" "$event" "$work/calls" "$holds_per_user"
    taskset -c 1 redis-cli -p "$port" --pipe <"$work/calls/load.resp" >/dev/null
    for operation in hold best begin commit release; do
      redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
      taskset -c 1 redis-cli -p "$port" --pipe <"$work/calls/$operation.resp" >/dev/null
      redis-cli -p "$port" INFO commandstats | tr -d '\r' | awk -F'[:,=]' -v rev="$rev" -v op="$operation" \
        '/^cmdstat_fcall:/ { for (i = 2; i < NF; i += 2) s[$i] = $(i + 1); printf "%s %s %.2f\n", rev, op, s["usec"] / s["calls"] }' >>"$results"
    done
    # Every call must have done its work: 2,000 orders of 4 seats sold, the best-available holds released.
    counters="$(redis-cli -p "$port" HMGET "{ev:$event}:meta" available held sold | tr '\n' ' ')"
    [ "$counters" = "12000 0 8000 " ] || { echo "script-ab: $rev left available/held/sold at $counters, not 12000 0 8000" >&2; exit 1; }
    redis-cli -p "$port" --scan --pattern "{ev:$event}*" | xargs -r redis-cli -p "$port" UNLINK >/dev/null
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-10s' "µs/call"; for operation in hold best begin commit release; do printf '%10s' "$operation"; done; echo
declare -A med
for rev in "$old" "$new"; do
  printf '%-10s' "$rev"
  for operation in hold best begin commit release; do
    med[$rev.$operation]="$(awk -v rev="$rev" -v op="$operation" '$1 == rev && $2 == op { print $3 }' "$results" | median)"
    printf '%10.1f' "${med[$rev.$operation]}"
  done
  echo
done
printf '%-10s' "change"
for operation in hold best begin commit release; do
  printf '%9.1f%%' "$(awk -v a="${med[$old.$operation]}" -v b="${med[$new.$operation]}" 'BEGIN { print (b / a - 1) * 100 }')"
done
echo

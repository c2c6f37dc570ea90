-- room_common.lua: the shared prelude of the waiting-room scripts (room_*.lua). The C# loader
-- (Execution/EngineScript.cs) prepends it, instead of common.lua, to each of them before hashing.
-- It defines locals only and returns nothing.
--
-- KEYS, the same for every room script (WaitingRoom/WaitingRoomKeys.cs builds them, all with the
-- event's {ev:<id>} tag, so one script touches one hash slot):
--   1 room      hash   caps: max_active, per_second, admission_ttl_ms, abandon_ms, paused (0|1);
--                      phase ('prequeue' | 'closed' | 'open'), opens_at (ms, 0 = no pre-queue),
--                      epoch (s), next (next queue number), serving (last queue number admitted),
--                      admitted (total ever admitted), pre_next, pre_count (members at the close),
--                      sweep_at (next queue number the abandonment sweep examines);
--                      fairness: seed (hex; secret until phase 'open'), seed_commitment,
--                      membership_commitment
--   2 pre       zset   pre-queue fan id -> arrival counter (only before the open)
--   3 queue     zset   waiting fan id -> queue number (1, 2, ... in admission order)
--   4 seen      string presence: a big-endian u32 at bit offset 32 * queue number, the second
--                      (since epoch, plus 1) the fan was last seen; 0 = no waiter on that number
--   5 admitted  zset   admitted fan id -> admission expires at (ms)
--   6 admit_log zset   '<count>:<ms>:<admitted total>' -> ms, one entry per admitting run in
--                      the last second (the sliding window of admit_per_second)
--   7 ranks     string the published order of the pre-queue: 32-byte rank keys, in queue order
--   8 order_stage zset the pre-queue's order while the open writes it page by page (fan id ->
--                      queue number); becomes the queue when room_order publishes it
-- ARGV[1]: clock offset in ms added to Redis TIME (always 0 in production; tests move time).
-- A script's own arguments start at ARGV[2].
local K_ROOM, K_PRE, K_QUEUE, K_SEEN, K_ADMITTED, K_ADMIT_LOG, K_RANKS, K_STAGE =
    KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]

-- Lua's unpack() is bounded by the C stack: long argument lists go to Redis in chunks.
local CHUNK = 1000

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
end

local function room_number(field)
    return tonumber(redis.call('HGET', K_ROOM, field) or '0')
end

local function room_exists()
    return redis.call('EXISTS', K_ROOM) == 1
end

-- Presence in whole seconds since the room's epoch, plus 1, so that 0 can mean "nobody".
local function seen_value(now)
    return math.floor(now / 1000) - room_number('epoch')
end

-- Marks queue numbers as seen at `value` (0 clears them), one BITFIELD per chunk.
local function seen_set(numbers, value)
    for first = 1, #numbers, CHUNK do
        local args = {}
        for i = first, math.min(first + CHUNK - 1, #numbers) do
            args[#args + 1] = 'SET'
            args[#args + 1] = 'u32'
            args[#args + 1] = '#' .. numbers[i]
            args[#args + 1] = value
        end
        redis.call('BITFIELD', K_SEEN, unpack(args))
    end
end

-- The 1-based place of a waiting fan: O(log n) in the queue's skiplist.
local function place_of(fan)
    return redis.call('ZRANK', K_QUEUE, fan) + 1
end

-- Closes the pre-queue once opens_at has passed: its membership is frozen (no fan can enter it
-- any more), and queue numbers 1..n are kept for its members, so every later join queues behind
-- all of them whatever happens next. Returns the phase after the call.
local function close_if_due(now)
    local phase = redis.call('HGET', K_ROOM, 'phase')
    if phase == 'prequeue' and now >= room_number('opens_at') then
        local members = redis.call('ZCARD', K_PRE)
        redis.call('HSET', K_ROOM, 'phase', 'closed', 'pre_count', members, 'next', members + 1)
        return 'closed'
    end
    return phase
end

-- Admissions whose expiry has passed no longer hold a place in the sale.
local function drop_expired_admissions(now)
    return redis.call('ZREMRANGEBYSCORE', K_ADMITTED, '-inf', now)
end

-- The open's steps (room_stage, room_order) run only on a closed pre-queue not yet ordered:
-- nil when that holds, else the reply the step gives instead.
local function open_step_refusal()
    if not room_exists() then
        return { 'no_room' }
    end
    local phase = redis.call('HGET', K_ROOM, 'phase')
    if phase == 'open' then
        return { 'open' }
    end
    if phase ~= 'closed' then
        return { 'not_closed', phase }
    end
    return nil
end

-- room_join.lua: a fan joins the room. Idempotent per fan: joining again answers the same place
-- (and counts as being seen). Before the pre-queue closes a new fan enters the pre-queue; after
-- it, the fan takes the next queue number, behind everyone already ordered (FIFO).
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] fan id.
-- Replies: {'waiting', queue number, place} | {'prequeue', pre-queue size}
--        | {'admitted', admission expires at (ms)} | {'no_room'}
local fan = ARGV[2]
if not room_exists() then
    return { 'no_room' }
end
local now = now_ms()

local expires = tonumber(redis.call('ZSCORE', K_ADMITTED, fan))
if expires and expires > now then
    return { 'admitted', expires }
end

local number = redis.call('ZSCORE', K_QUEUE, fan)
if number then
    seen_set({ number }, seen_value(now))
    return { 'waiting', tonumber(number), place_of(fan) }
end

local phase = close_if_due(now)
if phase ~= 'open' and redis.call('ZSCORE', K_PRE, fan) then
    return { 'prequeue', redis.call('ZCARD', K_PRE) }
end
if phase == 'prequeue' then
    redis.call('ZADD', K_PRE, redis.call('HINCRBY', K_ROOM, 'pre_next', 1), fan)
    return { 'prequeue', redis.call('ZCARD', K_PRE) }
end

number = redis.call('HINCRBY', K_ROOM, 'next', 1) - 1
redis.call('ZADD', K_QUEUE, number, fan)
seen_set({ number }, seen_value(now))
return { 'waiting', number, place_of(fan) }

-- room_state.lua: the room at a glance, cheap enough for every Api process to read every 250 ms
-- (O(log n): counts only).
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset.
-- Replies: {'state', phase, serving, next queue number, waiting, pre-queue, active, admitted total,
--           admitted in the last second, max_active, admit_per_second, paused (0|1), opens_at (ms),
--           now (ms), admission ttl (ms), abandon after (ms)} | {'no_room'}
if not room_exists() then
    return { 'no_room' }
end
local now = now_ms()
local in_window = 0
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', K_ADMIT_LOG, now - 999, '+inf')) do
    in_window = in_window + tonumber(string.match(entry, '^(%d+):'))
end
local room = redis.call('HMGET', K_ROOM, 'phase', 'serving', 'next', 'admitted', 'max_active', 'per_second',
    'paused', 'opens_at', 'admission_ttl_ms', 'abandon_ms')
return { 'state', room[1], tonumber(room[2]), tonumber(room[3]), redis.call('ZCARD', K_QUEUE),
    redis.call('ZCARD', K_PRE), redis.call('ZCOUNT', K_ADMITTED, '(' .. now, '+inf'), tonumber(room[4]),
    in_window, tonumber(room[5]), tonumber(room[6]), tonumber(room[7]), tonumber(room[8]), now,
    tonumber(room[9]), tonumber(room[10]) }

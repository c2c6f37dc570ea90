-- room_position.lua: where a fan stands, O(log n). Reads only; presence comes from room_touch.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] fan id.
-- Replies: {'waiting', queue number, place} | {'prequeue', pre-queue size}
--        | {'admitted', admission expires at (ms)} | {'not_queued'} | {'no_room'}
local fan = ARGV[2]
if not room_exists() then
    return { 'no_room' }
end
local expires = tonumber(redis.call('ZSCORE', K_ADMITTED, fan))
if expires and expires > now_ms() then
    return { 'admitted', expires }
end
local number = redis.call('ZSCORE', K_QUEUE, fan)
if number then
    return { 'waiting', tonumber(number), place_of(fan) }
end
if redis.call('ZSCORE', K_PRE, fan) then
    return { 'prequeue', redis.call('ZCARD', K_PRE) }
end
return { 'not_queued' }

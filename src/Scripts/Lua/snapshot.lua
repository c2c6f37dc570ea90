-- snapshot.lua: every seat's state and the event's version, read in one run (read only).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel.
-- Replies: false when the event is not loaded, else
--   {version, {seatId, state, seatId, state, ...}, {elapsedHoldId...}}
-- where a seat held by an elapsed hold reads as available.
if redis.call('EXISTS', K_META) == 0 then
    return false
end
local now = now_ms()
return {
    meta_number('version'),
    redis.call('HGETALL', K_SEATS),
    redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', now),
}

-- get_hold.lua: read a hold with the Redis clock (read only).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id.
-- Replies: {holdJson, nowMs} with the status as seen now (an elapsed hold reads 'expired'),
--          or {false, nowMs} when unknown.
local now = now_ms()
local h = hold_load(ARGV[3])
if not h then
    return { false, now }
end
h.status = visible_status(h, now)
return { cjson.encode(h), now }

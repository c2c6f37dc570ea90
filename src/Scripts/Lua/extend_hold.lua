-- extend_hold.lua: push a live hold's expiry back, once per allowed extension.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id, ARGV[4] user id, ARGV[5] additional seconds (> 0).
-- Replies: {'extended', holdJson, nowMs} | {'no_extensions', holdJson, nowMs} | {'expired'}
--          | {'not_held', status} | {'not_found'} (unknown hold, or another user's)
local hold_id, user, additional = ARGV[3], ARGV[4], tonumber(ARGV[5])
local now = now_ms()
local h, ended = own_hold(hold_id, user, now)
if ended then
    return ended
end
if h.status ~= 'held' then
    return { 'not_held', h.status }
end
if h.ext <= 0 then
    return { 'no_extensions', cjson.encode(h), now }
end
h.exp = h.exp + additional * 1000
h.base_exp = h.exp
h.ext = h.ext - 1
h.fence = h.fence + 1
local json = hold_save(h)
redis.call('ZADD', K_EXPIRY, h.exp, h.id)
return { 'extended', json, now }

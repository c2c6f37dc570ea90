-- begin_payment.lua: mark a live hold as paying under an idempotency key and extend it to
-- cover the payment window, so it can neither expire nor be released while the charge runs.
-- Every change bumps the hold's fence; commit accepts only the fence returned here.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id, ARGV[4] user id, ARGV[5] idempotency key, ARGV[6] payment window seconds
-- (clamped to 1..900: a payment never pins seats for long).
-- Replies: {'ready', holdJson, nowMs} (also for a retry with the same key while paying)
--          | {'committed', '<confirmed_at_ms>|<order JSON>'} (the same key already committed)
--          | {'expired'} | {'not_held', status} | {'not_found'}
local hold_id, user, key = ARGV[3], ARGV[4], ARGV[5]
local window = math.min(math.max(tonumber(ARGV[6]), 1), 900)
local now = now_ms()
local h, ended = own_hold(hold_id, user, now)
if ended then
    return ended
end
if h.status == 'committed' then
    if h.key == key then
        return { 'committed', redis.call('HGET', K_ORDERS, h.order) }
    end
    return { 'not_held', 'committed' }
end
if h.status == 'paying' then
    if h.key == key then
        return { 'ready', cjson.encode(h), now }
    end
    return { 'not_held', 'paying' }
end
if h.status ~= 'held' then
    return { 'not_held', h.status }
end
h.status = 'paying'
h.key = key
h.fence = h.fence + 1
h.exp = math.max(h.exp, now + window * 1000)
local json = hold_save(h)
redis.call('ZADD', K_EXPIRY, int(h.exp), h.id)
return { 'ready', json, now }

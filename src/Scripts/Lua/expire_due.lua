-- expire_due.lua: the sweep. Ends up to `max` holds whose time has passed (their seats become
-- available, counters follow), and purges up to `max` ended holds past their retention time
-- (record, client id and order record).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] max holds per run.
-- Replies: {expiredHolds, releasedSeats}
local max = tonumber(ARGV[3])
local now = now_ms()
local holds, seats = end_due_holds(now, max)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_RETENTION, '-inf', now, 'LIMIT', 0, max)) do
    local h = hold_load(id)
    if h then
        redis.call('HDEL', K_CLIENT_IDS, h.user .. '\n' .. h.crid)
        if h.order ~= '' then
            redis.call('HDEL', K_ORDERS, h.order)
        end
        redis.call('HDEL', K_HOLDS, id)
    end
    redis.call('ZREM', K_RETENTION, id)
end
publish_changes()
return { holds, seats }

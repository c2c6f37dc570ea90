-- outbox_ack: acknowledges entries whose orders are committed in PostgreSQL, and deletes them.
-- Deleting keeps the stream holding exactly what some consumer still has to write: its length is
-- the backlog, and the drift check (outbox_find_orders) scans only that. The order itself stays
-- readable from the order record the commit script wrote.
--
-- KEYS[1]  the event's outbox stream
-- ARGV[1]  consumer group
-- ARGV[2..] entry ids (at most a few thousand per call: they are unpacked onto the Lua stack)
--
-- Reply: number of entries that were pending and are now acknowledged.

local stream, group = KEYS[1], ARGV[1]
if #ARGV < 2 or redis.call('EXISTS', stream) == 0 then
    return 0
end

local ids = { unpack(ARGV, 2) }
local acknowledged = redis.pcall('XACK', stream, group, unpack(ids))
if type(acknowledged) == 'table' and acknowledged.err then
    return redis.error_reply(acknowledged.err)
end
redis.call('XDEL', stream, unpack(ids))
return acknowledged

-- outbox_lag: how far a consumer group is behind an event's outbox stream. Acknowledged entries
-- are deleted (outbox_ack), so every entry in the stream is either pending or unread and the
-- first entry is the oldest order not yet in PostgreSQL.
--
-- KEYS[1]  the event's outbox stream
-- ARGV[1]  consumer group
--
-- Reply: { pending count, stream length, confirmed_at_ms of the first entry or "" }

local stream, group = KEYS[1], ARGV[1]
if redis.call('EXISTS', stream) == 0 then
    return { 0, 0, '' }
end

local length = redis.call('XLEN', stream)
local pending = 0
local summary = redis.pcall('XPENDING', stream, group)
if type(summary) == 'table' and not summary.err then
    pending = summary[1]
end

local oldest = ''
local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
if first then
    local fields = first[2]
    for i = 1, #fields, 2 do
        if fields[i] == 'confirmed_at_ms' then
            oldest = fields[i + 1]
        end
    end
end
return { pending, length, oldest }

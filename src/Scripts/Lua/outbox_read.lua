-- outbox_read: new entries of an event's outbox stream for one consumer of a group
-- (XREADGROUP ... >). The group is created at the start of the stream on first use, so a
-- stream written before any Reconciler ran is read from its first entry.
--
-- KEYS[1]  the event's outbox stream ({ev:<id>}:outbox)
-- ARGV[1]  consumer group
-- ARGV[2]  consumer name
-- ARGV[3]  most entries to return
--
-- Reply: the entries as XREADGROUP gives them, oldest first: {entry id, {field, value, ...}}.
--        RedisOrderOutbox decodes the fields (OrderCodec), so both readers share one decoder.
--        Empty when the stream does not exist or holds nothing new for the group.

local stream, group, consumer, count = KEYS[1], ARGV[1], ARGV[2], ARGV[3]

if redis.call('EXISTS', stream) == 0 then
    return {}
end

local function read()
    return redis.pcall('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>')
end

local reply = read()
if type(reply) == 'table' and reply.err then
    if not string.find(reply.err, 'NOGROUP', 1, true) then
        return redis.error_reply(reply.err)
    end
    redis.call('XGROUP', 'CREATE', stream, group, '0')
    reply = read()
end

if not reply then
    return {}
end
return reply[1][2]

-- outbox_claim: takes over entries another consumer read but did not acknowledge within
-- min-idle milliseconds (XAUTOCLAIM): that consumer died or stalled mid-batch. Entries that were
-- deleted from the stream while pending can never be written; they are acknowledged here so
-- they leave the pending list.
--
-- KEYS[1]  the event's outbox stream
-- ARGV[1]  consumer group
-- ARGV[2]  consumer taking the entries over
-- ARGV[3]  min idle time in milliseconds
-- ARGV[4]  most entries to claim
--
-- Reply: the claimed entries as outbox_read replies them: {entry id, {field, value, ...}}.
--        Empty when the stream or the group does not exist.

local stream, group, consumer, min_idle, count = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if redis.call('EXISTS', stream) == 0 then
    return {}
end

local reply = redis.pcall('XAUTOCLAIM', stream, group, consumer, min_idle, '0-0', 'COUNT', count)
if type(reply) == 'table' and reply.err then
    if string.find(reply.err, 'NOGROUP', 1, true) then
        return {}
    end
    return redis.error_reply(reply.err)
end

local deleted = reply[3]
if deleted and #deleted > 0 then
    redis.call('XACK', stream, group, unpack(deleted))
end

return reply[2]

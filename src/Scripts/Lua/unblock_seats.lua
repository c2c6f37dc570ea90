-- unblock_seats.lua: return a block's seats to sale and forget the block.
-- Only seats still blocked by this block move (a repair may have sold one since); they become
-- available, counters and row_free follow, and the change is published like any seat change.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] block id.
-- Replies: {'unblocked', seatsReturned, version} | {'not_found'} | {'no_event'}
if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local raw = redis.call('HGET', K_BLOCKS, ARGV[3])
if not raw then
    return { 'not_found' }
end
local block = cjson.decode(raw)
local mine = 'b|' .. block.id
local states = redis.call('HMGET', K_SEATS, unpack(block.seats))
local seats = {}
for i, state in ipairs(states) do
    if state == mine then
        seats[#seats + 1] = block.seats[i]
    end
end
if #seats > 0 then
    row_free_add(seats, 1, seats_set(seats, 'a', 'available'))
    redis.call('HINCRBY', K_META, 'available', #seats)
    redis.call('HINCRBY', K_META, 'blocked', -#seats)
end
redis.call('HDEL', K_BLOCKS, block.id)
return { 'unblocked', #seats, publish_changes() }

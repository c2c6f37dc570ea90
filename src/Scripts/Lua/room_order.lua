-- room_order.lua: steps 2 to 4 of the open, in one run: stores the membership commitment,
-- reveals the seed, and gives the closed pre-queue's members queue numbers 1..n in the order of
-- their rank keys (computed by the caller: Redis Lua has no SHA-256). It checks that the members
-- are exactly the closed pre-queue, so no fan can be added, dropped or duplicated.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] membership commitment
-- (hex), ARGV[3] the rank keys in queue order (32 bytes each, concatenated), ARGV[4..] fan ids in
-- queue order.
-- Replies: {'opened', members} | {'open'} (already ordered) | {'not_closed', phase}
--        | {'mismatch', members expected} | {'no_room'}
if not room_exists() then
    return { 'no_room' }
end
local phase = redis.call('HGET', K_ROOM, 'phase')
if phase == 'open' then
    return { 'open' }
end
if phase ~= 'closed' then
    return { 'not_closed', phase }
end
local members = room_number('pre_count')
if #ARGV - 3 ~= members or #ARGV[3] ~= 32 * members then
    return { 'mismatch', members }
end
-- n distinct fans, each in the pre-queue of n members: exactly its membership.
local named = {}
for i = 4, #ARGV do
    if named[ARGV[i]] then
        return { 'mismatch', members }
    end
    named[ARGV[i]] = true
end
for first = 4, #ARGV, CHUNK do
    local scores = redis.call('ZMSCORE', K_PRE, unpack(ARGV, first, math.min(first + CHUNK - 1, #ARGV)))
    for _, score in ipairs(scores) do
        if not score then
            return { 'mismatch', members }
        end
    end
end

local value = seen_value(now_ms())
local numbers = {}
for first = 4, #ARGV, CHUNK do
    local args = {}
    for i = first, math.min(first + CHUNK - 1, #ARGV) do
        args[#args + 1] = i - 3
        args[#args + 1] = ARGV[i]
        numbers[#numbers + 1] = i - 3
    end
    redis.call('ZADD', K_QUEUE, unpack(args))
end
seen_set(numbers, value)
redis.call('DEL', K_PRE)
redis.call('SET', K_RANKS, ARGV[3])
redis.call('HSET', K_ROOM, 'phase', 'open', 'membership_commitment', ARGV[2])
return { 'opened', members }

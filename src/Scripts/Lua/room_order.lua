-- room_order.lua: steps 3 and 4 of the open, in one run, after room_stage has staged every page:
-- stores the membership commitment, reveals the seed, and publishes the staged order as the
-- queue, so readers see the whole order at once or none of it. The stage holds exactly the
-- closed pre-queue: every staged fan was checked to be a member, and the stage (a set) counts
-- n distinct fans for n members, so no fan was added, dropped or duplicated. The fans who joined
-- after the close (numbers above n) move into the stage, which then becomes the queue: the run
-- costs what those few joins cost, not what the pre-queue's size does.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] membership commitment
-- (hex), ARGV[3] the rank keys in queue order (32 bytes each, concatenated).
-- Replies: {'opened', members} | {'open'} (already ordered) | {'not_closed', phase}
--        | {'mismatch', members expected, fans staged} | {'no_room'}
local refusal = open_step_refusal()
if refusal then
    return refusal
end
local members = room_number('pre_count')
local staged = redis.call('ZCARD', K_STAGE)
if staged ~= members or #ARGV[3] ~= 32 * members then
    return { 'mismatch', members, staged }
end

if members > 0 then
    local later = redis.call('ZRANGE', K_QUEUE, 0, -1, 'WITHSCORES')
    for first = 1, #later, 2 * CHUNK do
        local args = {}
        for i = first, math.min(first + 2 * CHUNK - 1, #later), 2 do
            args[#args + 1] = later[i + 1]
            args[#args + 1] = later[i]
        end
        redis.call('ZADD', K_STAGE, unpack(args))
    end
    redis.call('RENAME', K_STAGE, K_QUEUE)
end
redis.call('DEL', K_PRE)
redis.call('SET', K_RANKS, ARGV[3])
redis.call('HSET', K_ROOM, 'phase', 'open', 'membership_commitment', ARGV[2])
return { 'opened', members }

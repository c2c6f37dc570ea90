-- room_stage.lua: step 2 of the open, one page at a time: checks that a page of fans (in queue
-- order, from the caller's shuffle: Redis Lua has no SHA-256) all belong to the closed pre-queue,
-- stages their queue numbers in the order stage and marks them seen. Readers see nothing of it:
-- the queue is untouched until room_order publishes the whole order in one run, so a page costs
-- Redis one short run instead of the whole order holding it at once. Idempotent: the order
-- follows from the seed and the frozen membership, so a page staged again (a crashed open being
-- finished) stages the same numbers.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] the queue number of the
-- page's first fan, ARGV[3..] the page's fan ids in queue order.
-- Replies: {'staged', fans staged so far} | {'open'} (already published) | {'not_closed', phase}
--        | {'mismatch', members} (a fan outside the pre-queue, or numbers past its size) | {'no_room'}
local refusal = open_step_refusal()
if refusal then
    return refusal
end
local members = room_number('pre_count')
local first_number = tonumber(ARGV[2])
if first_number < 1 or first_number + #ARGV - 3 > members then
    return { 'mismatch', members }
end
local value = seen_value(now_ms())
for first = 3, #ARGV, CHUNK do
    local last = math.min(first + CHUNK - 1, #ARGV)
    for _, score in ipairs(redis.call('ZMSCORE', K_PRE, unpack(ARGV, first, last))) do
        if not score then
            return { 'mismatch', members }
        end
    end
    local args, numbers = {}, {}
    for i = first, last do
        local number = first_number + i - 3
        args[#args + 1] = number
        args[#args + 1] = ARGV[i]
        numbers[#numbers + 1] = number
    end
    redis.call('ZADD', K_STAGE, unpack(args))
    -- Numbers 1..n hold no fan in the queue until the publish, so the sweep cannot see these marks early.
    seen_set(numbers, value)
end
return { 'staged', redis.call('ZCARD', K_STAGE) }

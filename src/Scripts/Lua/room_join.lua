-- room_join.lua: fans join the room, one or many in a run (the Api sends the joins that arrive
-- while a run is in flight together: WaitingRoom/JoinBatch.cs). Idempotent per fan: joining
-- again answers the same place (and counts as being seen); a fan named twice in a run gets the
-- same answer twice. Before the pre-queue closes a new fan enters the pre-queue; after it, the
-- fan takes the next queue number, behind everyone already ordered (FIFO), new fans of a run in
-- the order they are named.
-- The room's fixed work (TIME, its phase, the presence epoch, the counters, the writes) is done
-- once per run, whatever the number of fans: under a stampede that is most of a join's cost.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2..] fan ids (at least one).
-- Replies: one reply per fan named, in order:
--          {'waiting', queue number, place} | {'prequeue', pre-queue size}
--        | {'admitted', admission expires at (ms)} | {'no_room'}
local fans = {}
for i = 2, #ARGV do
    fans[#fans + 1] = ARGV[i]
end

local replies = {}
if not room_exists() then
    for i = 1, #fans do
        replies[i] = { 'no_room' }
    end
    return replies
end
local now = now_ms()

local admitted_until = redis.call('ZMSCORE', K_ADMITTED, unpack(fans))
local queue_numbers = redis.call('ZMSCORE', K_QUEUE, unpack(fans))
local phase = close_if_due(now)

-- Each fan's answer, shared by every mention of the fan in this run; places and sizes are
-- filled in once every write is done.
local answer_of = {}
local waiting, seen_numbers, new_pre, new_queue = {}, {}, {}, {}
for i, fan in ipairs(fans) do
    local answer = answer_of[fan]
    if not answer then
        local expires = tonumber(admitted_until[i])
        local number = queue_numbers[i]
        if expires and expires > now then
            answer = { 'admitted', expires }
        elseif number then
            answer = { 'waiting', tonumber(number), fan }
            waiting[#waiting + 1] = answer
            seen_numbers[#seen_numbers + 1] = tonumber(number)
        elseif phase ~= 'open' and redis.call('ZSCORE', K_PRE, fan) then
            answer = { 'prequeue' }
        elseif phase == 'prequeue' then
            answer = { 'prequeue' }
            new_pre[#new_pre + 1] = fan
        else
            answer = { 'waiting', 0, fan }
            new_queue[#new_queue + 1] = answer
        end
        answer_of[fan] = answer
    end
    replies[i] = answer
end

if #new_pre > 0 then
    local last = redis.call('HINCRBY', K_ROOM, 'pre_next', #new_pre)
    local members = {}
    for j, fan in ipairs(new_pre) do
        members[#members + 1] = last - #new_pre + j
        members[#members + 1] = fan
    end
    redis.call('ZADD', K_PRE, unpack(members))
end

if #new_queue > 0 then
    -- Numbers come from one counter that only grows, so the new fans are the last of the queue
    -- in the order they were named: the j-th of k new fans has place size - k + j (its ZRANK + 1).
    local next_number = redis.call('HINCRBY', K_ROOM, 'next', #new_queue) - #new_queue
    local members = {}
    for j, answer in ipairs(new_queue) do
        answer[2] = next_number + j - 1
        members[#members + 1] = answer[2]
        members[#members + 1] = answer[3]
        seen_numbers[#seen_numbers + 1] = answer[2]
    end
    redis.call('ZADD', K_QUEUE, unpack(members))
    local size = redis.call('ZCARD', K_QUEUE)
    for j, answer in ipairs(new_queue) do
        answer[3] = size - #new_queue + j
    end
end

if #seen_numbers > 0 then
    seen_set(seen_numbers, seen_value(now))
end
for _, answer in ipairs(waiting) do
    answer[3] = place_of(answer[3])
end
local pre_size
for _, answer in pairs(answer_of) do
    if answer[1] == 'prequeue' then
        pre_size = pre_size or redis.call('ZCARD', K_PRE)
        answer[2] = pre_size
    end
end
return replies

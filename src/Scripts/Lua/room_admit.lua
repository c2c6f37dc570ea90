-- room_admit.lua: admits up to n fans from the head of the queue under both caps: at most
-- max_active admissions live at once, and at most admit_per_second admitted in any 1 s window
-- (a sliding window over the admissions of the last 1000 ms, so two processes admitting at the
-- same moment cannot exceed it together: each run sees the other's admissions).
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] n (the most wanted).
-- Replies: {'admitted', expires at (ms), limit, serving, fan, queue number, fan, queue number, ...}
--            where limit names what stopped it from admitting more: 'requested' | 'max_active'
--            | 'admit_per_second' | 'queue_empty'; no fan pairs when it admitted nobody
--        | {'paused'} | {'not_open'} (the pre-queue is not ordered yet) | {'no_room'}
local wanted = tonumber(ARGV[2])
if not room_exists() then
    return { 'no_room' }
end
if redis.call('HGET', K_ROOM, 'paused') == '1' then
    return { 'paused' }
end
if redis.call('HGET', K_ROOM, 'phase') ~= 'open' then
    return { 'not_open' }
end
local now = now_ms()
drop_expired_admissions(now)

local room_left = room_number('max_active') - redis.call('ZCARD', K_ADMITTED)
redis.call('ZREMRANGEBYSCORE', K_ADMIT_LOG, '-inf', now - 1000)
local in_window = 0
for _, entry in ipairs(redis.call('ZRANGE', K_ADMIT_LOG, 0, -1)) do
    in_window = in_window + tonumber(string.match(entry, '^(%d+):'))
end
local rate_left = room_number('per_second') - in_window
local waiting = redis.call('ZCARD', K_QUEUE)

local count, limit = wanted, 'requested'
if room_left < count then count, limit = room_left, 'max_active' end
if rate_left < count then count, limit = rate_left, 'admit_per_second' end
if waiting < count then count, limit = waiting, 'queue_empty' end

local expires = now + room_number('admission_ttl_ms')
local reply = { 'admitted', expires, limit, room_number('serving') }
if count <= 0 then
    return reply
end

local popped = redis.call('ZPOPMIN', K_QUEUE, count)
local numbers = {}
for i = 1, #popped, 2 do
    local fan, number = popped[i], tonumber(popped[i + 1])
    redis.call('ZADD', K_ADMITTED, expires, fan)
    numbers[#numbers + 1] = number
    reply[#reply + 1] = fan
    reply[#reply + 1] = number
end
seen_set(numbers, 0)
local serving = numbers[#numbers]
local total = redis.call('HINCRBY', K_ROOM, 'admitted', #numbers)
redis.call('HSET', K_ROOM, 'serving', serving)
redis.call('ZADD', K_ADMIT_LOG, now, #numbers .. ':' .. now .. ':' .. total)
redis.call('PEXPIRE', K_ADMIT_LOG, 2000)
reply[4] = serving
return reply

-- room_expire.lua: ends expired admissions, and removes waiters not seen for abandon_after
-- (their places are given up: they no longer count in the waiting size). The sweep examines at
-- most n queue numbers per run, from where the previous run stopped, wrapping back to the head
-- of the queue: a full pass over w waiters takes w / n runs, each O(n).
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] n (numbers per run).
-- Reply: {'expired', abandoned waiters, expired admissions, numbers examined} | {'no_room'}
local budget = tonumber(ARGV[2])
if not room_exists() then
    return { 'no_room' }
end
local now = now_ms()
local admissions = drop_expired_admissions(now)

local head = redis.call('ZRANGE', K_QUEUE, 0, 0, 'WITHSCORES')
if #head == 0 then
    return { 'expired', 0, admissions, 0 }
end
local last = room_number('next') - 1
local first = math.max(room_number('sweep_at'), tonumber(head[2]))
if first > last then
    first = tonumber(head[2])
end
local stop = math.min(first + budget - 1, last)

local bytes = redis.call('GETRANGE', K_SEEN, first * 4, stop * 4 + 3)
local cutoff = seen_value(now) - math.floor(room_number('abandon_ms') / 1000)
local gone = {}
for number = first, stop do
    local at = (number - first) * 4 + 1
    local b1, b2, b3, b4 = string.byte(bytes, at, at + 3)
    local seen = b1 and ((b1 * 256 + b2) * 256 + b3) * 256 + b4 or 0
    if seen > 0 and seen <= cutoff then
        local fan = redis.call('ZRANGEBYSCORE', K_QUEUE, number, number)[1]
        if fan then
            redis.call('ZREM', K_QUEUE, fan)
        end
        gone[#gone + 1] = number
    end
end
seen_set(gone, 0)
redis.call('HSET', K_ROOM, 'sweep_at', stop + 1)
return { 'expired', #gone, admissions, stop - first + 1 }

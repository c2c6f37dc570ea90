-- room_touch.lua: marks a batch of waiting fans as seen now (presence for the abandonment
-- sweep). An Api process collects the fans its pollers asked about and sends them every few
-- seconds in one call, so a poll never costs a Redis call. Unknown or admitted fans are skipped.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2..] fan ids.
-- Reply: {'touched', fans marked}
if not room_exists() or #ARGV < 2 then
    return { 'touched', 0 }
end
local value = seen_value(now_ms())
local numbers = {}
for first = 2, #ARGV, CHUNK do
    local scores = redis.call('ZMSCORE', K_QUEUE, unpack(ARGV, first, math.min(first + CHUNK - 1, #ARGV)))
    for _, number in ipairs(scores) do
        if number then
            numbers[#numbers + 1] = number
        end
    end
end
seen_set(numbers, value)
return { 'touched', #numbers }

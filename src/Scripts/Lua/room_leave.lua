-- room_leave.lua: a fan leaves the queue or the pre-queue (an admitted fan ends its admission
-- with room_end_admission instead). Between the close of the pre-queue and its ordering the
-- membership is committed, so a pre-queue fan cannot leave then: the caller tries again.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] fan id.
-- Replies: {'left'} | {'not_queued'} | {'try_again'} | {'no_room'}
local fan = ARGV[2]
if not room_exists() then
    return { 'no_room' }
end
local number = redis.call('ZSCORE', K_QUEUE, fan)
if number then
    redis.call('ZREM', K_QUEUE, fan)
    seen_set({ number }, 0)
    return { 'left' }
end
if redis.call('ZSCORE', K_PRE, fan) then
    if close_if_due(now_ms()) ~= 'prequeue' then
        return { 'try_again' }
    end
    redis.call('ZREM', K_PRE, fan)
    return { 'left' }
end
return { 'not_queued' }

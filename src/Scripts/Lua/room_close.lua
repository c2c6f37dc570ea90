-- room_close.lua: step 1 of the open. Once opens_at has passed, closes the pre-queue: from this
-- run on no fan can enter it (later joins take queue numbers after all of its members), so its
-- membership can be committed before the seed is revealed. Idempotent.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset.
-- Replies: {'closed', members, seed (hex)} (also again, until ordered) | {'open'}
--        | {'not_yet', opens_at (ms)} | {'no_room'}
if not room_exists() then
    return { 'no_room' }
end
local phase = close_if_due(now_ms())
if phase == 'closed' then
    return { 'closed', room_number('pre_count'), redis.call('HGET', K_ROOM, 'seed') }
end
if phase == 'open' then
    return { 'open' }
end
return { 'not_yet', room_number('opens_at') }

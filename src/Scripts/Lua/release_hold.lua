-- release_hold.lua: give a live hold's seats back at once. Idempotent: releasing a released
-- hold answers 'released' again.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id, ARGV[4] user id.
-- Replies: {'released'} | {'expired'} | {'not_held', status} (paying or committed) | {'not_found'}
local hold_id, user = ARGV[3], ARGV[4]
local now = now_ms()
local h, ended = own_hold(hold_id, user, now)
if ended then
    return ended
end
if h.status == 'released' then
    return { 'released' }
end
if h.status ~= 'held' then
    return { 'not_held', h.status }
end
end_hold(h, 'released', now)
publish_changes()
return { 'released' }

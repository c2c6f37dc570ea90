-- room_end_admission.lua: ends a fan's admission (it committed, released its hold, or its
-- admission expired), which frees its place under max_active at once.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset, ARGV[2] fan id.
-- Replies: {'ended'} | {'not_admitted'}
return { (redis.call('ZREM', K_ADMITTED, ARGV[2]) == 1) and 'ended' or 'not_admitted' }

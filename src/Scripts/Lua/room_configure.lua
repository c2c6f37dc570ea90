-- room_configure.lua: creates or updates an event's waiting room.
-- KEYS: the room's keys (room_common.lua). ARGV[1] clock offset,
-- ARGV[2] max_active, ARGV[3] admit_per_second, ARGV[4] admission ttl (ms), ARGV[5] abandon after (ms),
-- ARGV[6] opens_at (ms, 0 = no pre-queue), ARGV[7] paused (0|1),
-- ARGV[8] a fresh secret seed (hex), ARGV[9] SHA-256 of that seed (hex).
-- The first call fixes the phase: 'prequeue' when opens_at is in the future, else 'open'; and,
-- for a pre-queue, keeps the seed and its commitment. Later calls change the caps and pause, and
-- move opens_at only while the pre-queue is still open; the seed once committed never changes.
-- Reply: {'configured', phase, seed commitment or ''}
local now = now_ms()
local opens_at = tonumber(ARGV[6])
redis.call('HSET', K_ROOM, 'max_active', ARGV[2], 'per_second', ARGV[3], 'admission_ttl_ms', ARGV[4],
    'abandon_ms', ARGV[5], 'paused', ARGV[7])
if redis.call('HEXISTS', K_ROOM, 'phase') == 0 then
    local phase = (opens_at > now) and 'prequeue' or 'open'
    redis.call('HSET', K_ROOM, 'phase', phase, 'epoch', math.floor(now / 1000) - 1, 'next', 1, 'serving', 0,
        'admitted', 0, 'pre_next', 0, 'sweep_at', 1, 'opens_at', (phase == 'prequeue') and opens_at or 0)
    if phase == 'prequeue' then
        redis.call('HSET', K_ROOM, 'seed', ARGV[8], 'seed_commitment', ARGV[9])
    end
elseif redis.call('HGET', K_ROOM, 'phase') == 'prequeue' and opens_at > 0 then
    redis.call('HSET', K_ROOM, 'opens_at', opens_at)
end
return { 'configured', redis.call('HGET', K_ROOM, 'phase'), redis.call('HGET', K_ROOM, 'seed_commitment') or '' }

-- block_seats.lua: take seats off sale for production holds or kills, all or nothing, like a hold.
-- A seat may be blocked when it is available (or held by a hold whose time has passed, which is
-- ended first, as a new hold would end it); a live hold, a sale or another block refuses the
-- whole block. Blocked seats are counted in `blocked`, not in `available`, and leave row_free,
-- so holds and best available pass them by.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] new block id, ARGV[4] reason (may be ''), ARGV[5..] seat ids (at least one).
-- Replies (nothing changes unless 'blocked'):
--   {'blocked', blockId, version}
--   {'unavailable', seatId...}   held by a live hold, sold, or blocked already
--   {'unknown', seatId...} | {'duplicate', seatId...} | {'no_event'}
if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local block_id, reason = ARGV[3], ARGV[4]
local seats = {}
for i = 5, #ARGV do
    seats[#seats + 1] = ARGV[i]
end

local states, refusal = seat_states(seats)
if refusal then
    return refusal
end

local now = now_ms()
local unavailable = admin_change_refusal(seats, states, now, false)
if unavailable then
    return unavailable
end

seats_set(seats, 'b|' .. block_id, 'blocked')
row_free_add(seats, -1)
redis.call('HINCRBY', K_META, 'available', -#seats)
redis.call('HINCRBY', K_META, 'blocked', #seats)
redis.call('HSET', K_BLOCKS, block_id, cjson.encode({ id = block_id, reason = reason, seats = seats, created = now }))
return { 'blocked', block_id, publish_changes() }

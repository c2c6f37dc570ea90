-- reprice_seats.lua: change the prices of seats that are not sold yet, all or nothing.
-- A seat may be repriced when it is available or blocked (or held by a hold whose time has
-- passed, which is ended first, as a new hold would end it); a live hold (held or paying) or a
-- sale refuses the whole change, so a hold always keeps the total it was made at and the next
-- hold reads the new price from seat_index (from the prices hash for an event loaded before
-- seat_index held prices: see seat_facts in common.lua). The run bumps the event's version (every seat
-- repriced is published with its unchanged status, so cached seat maps rebuild) and meta's
-- prices_version (cached layouts rebuild).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3..] pairs: seat id, new price in integer cents (at least one pair).
-- Replies (nothing changes unless 'repriced'):
--   {'repriced', version, prices_version}
--   {'unavailable', seatId...}   held by a live hold, or sold
--   {'unknown', seatId...} | {'duplicate', seatId...} | {'no_event'}
if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local seats, cents = {}, {}
for i = 3, #ARGV, 2 do
    seats[#seats + 1] = ARGV[i]
    cents[#cents + 1] = ARGV[i + 1]
end

local states, refusal = seat_states(seats)
if refusal then
    return refusal
end

local now = now_ms()
local unavailable = admin_change_refusal(seats, states, now, true)
if unavailable then
    return unavailable
end

local positions, _, apart = seat_facts(seats)
local fields = {}
for i, seat in ipairs(seats) do
    fields[#fields + 1] = seat
    fields[#fields + 1] = apart and cents[i] or int(positions[i]) .. '|' .. cents[i]
end
redis.call('HSET', apart and K_PRICES or K_SEAT_INDEX, unpack(fields))
for i, state in ipairs(states) do
    note_change(seats[i], string.sub(state, 1, 2) == 'b|' and 'blocked' or 'available')
end
-- The prices version is the run's time (ms), raised past the last one when two runs share a
-- millisecond: it keeps increasing across a reload of the event (which restarts the event's
-- version), so a process never takes a rebuilt event's prices for ones it has cached.
local prices_version = math.max(now, meta_number('prices_version') + 1)
redis.call('HSET', K_META, 'prices_version', int(prices_version))
return { 'repriced', publish_changes(), prices_version }

-- reprice_seats.lua: change the prices of seats that are not sold yet, all or nothing.
-- A seat may be repriced when it is available or blocked (or held by a hold whose time has
-- passed, which is ended first, as a new hold would end it); a live hold (held or paying) or a
-- sale refuses the whole change, so a hold always keeps the total it was made at and the next
-- hold reads the new price from the prices hash. The run bumps the event's version (every seat
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
local seats, fields = {}, {}
for i = 3, #ARGV, 2 do
    seats[#seats + 1] = ARGV[i]
    fields[#fields + 1] = ARGV[i]
    fields[#fields + 1] = ARGV[i + 1]
end

local duplicates = duplicate_reply(seats)
if duplicates then
    return duplicates
end

local states, unknown = seat_states(seats)
if unknown then
    return unknown
end

local now = now_ms()
local unavailable = { 'unavailable' }
local elapsed = {}
for i, state in ipairs(states) do
    local holder = holder_of(state)
    if holder then
        local h = elapsed[holder] or hold_load(holder)
        if h and has_elapsed(h, now) then
            elapsed[holder] = h
        else
            unavailable[#unavailable + 1] = seats[i]
        end
    elseif state ~= 'a' and string.sub(state, 1, 2) ~= 'b|' then
        unavailable[#unavailable + 1] = seats[i]
    end
end
if #unavailable > 1 then
    return unavailable
end

for _, h in pairs(elapsed) do
    settle(h, now)
end
redis.call('HSET', K_PRICES, unpack(fields))
for i, state in ipairs(states) do
    note_change(seats[i], string.sub(state, 1, 2) == 'b|' and 'blocked' or 'available')
end
-- The prices version is the run's time (ms), raised past the last one when two runs share a
-- millisecond: it keeps increasing across a reload of the event (which restarts the event's
-- version), so a process never takes a rebuilt event's prices for ones it has cached.
local prices_version = math.max(now, meta_number('prices_version') + 1)
redis.call('HSET', K_META, 'prices_version', int(prices_version))
return { 'repriced', publish_changes(), prices_version }

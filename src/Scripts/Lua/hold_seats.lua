-- hold_seats.lua: hold exactly the named seats, all or nothing.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] new hold id, ARGV[4] user id, ARGV[5] client reservation id,
-- ARGV[6] ttl seconds ('' = the event's default), ARGV[7] admitted fan id ('' = no waiting room),
-- ARGV[8..] seat ids (at least one).
-- Replies (nothing changes unless 'held' with replayed 0):
--   {'held', holdJson, nowMs, replayed 0|1}   replayed: the same user and client id held before
--   {'unavailable', seatId...}                held by a live hold or sold
--   {'unknown', seatId...} | {'duplicate', seatId...}
--   {'too_many', requested, max} | {'limit', limit, alreadyHeldOrOwned} | {'invalid_ttl', ttl}
--   {'no_event'} | {'not_admitted'}   the fan's waiting-room admission is not live (ended or expired)
--   {'not_on_sale', saleStatus, opensAtMs or ''}   the event takes no holds now (common.lua, sale_refusal);
--                                                  a replay of an earlier hold is still answered
local hold_id, user, client_id, ttl_arg, admitted_fan = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local seats = {}
for i = 8, #ARGV do
    seats[#seats + 1] = ARGV[i]
end
local now = now_ms()
local meta = event_meta()

local early, ttl = hold_preflight(now, meta, user, client_id, ttl_arg, #seats, admitted_fan)
if early then
    return early
end

local states, refusal = seat_states(seats)
if refusal then
    return refusal
end

-- Sold out: the counters answer without looking at any hold.
if meta.available + meta.held == 0 then
    local reply = { 'unavailable' }
    for _, seat in ipairs(seats) do
        reply[#reply + 1] = seat
    end
    return reply
end

local view = user_view(user, now, #seats, meta.max_per_user)
local over_limit = ticket_limit_reply(meta, view, #seats)
if over_limit then
    return over_limit
end

local unavailable = { 'unavailable' }
local elapsed_holder = elapsed_holders(states, now)
for i, state in ipairs(states) do
    if state ~= 'a' then
        local holder = holder_of(state)
        if not (holder and elapsed_holder[holder]) then
            unavailable[#unavailable + 1] = seats[i]
        end
    end
end
if #unavailable > 1 then
    return unavailable
end

local json = create_hold(now, meta, hold_id, user, client_id, ttl, seats, states, view)
publish_changes()
return hold_reply(json, now)

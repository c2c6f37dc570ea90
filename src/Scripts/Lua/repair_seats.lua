-- repair_seats.lua: force seats to given states (rebuild from PostgreSQL, drift repair), keeping
-- counters, per-user ticket counts and the version exact in the same run. Taking a seat away
-- from a live hold releases that whole hold first, so a hold never owns only part of its seats;
-- its other seats are reported as repaired to available too. A blocked seat leaves its block
-- (the block's other seats stay blocked; unblocking later returns only the seats still its own).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3..] triples: seat id, order id ('' = make available), user id (buyer, with an order).
-- Replies: {'repaired', seatId, before, after, ...} with states written as 'available',
--          'held:<holdId>', 'sold:<orderId>', 'blocked:<blockId>', for the seats that changed (a
--          seat already in its target state is not listed); {'unknown', seatId...} (nothing
--          changed); {'no_event'}.
if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local now = now_ms()
local targets = {}
local unknown = { 'unknown' }
for i = 3, #ARGV, 3 do
    local seat = ARGV[i]
    targets[#targets + 1] = { seat = seat, order = ARGV[i + 1], user = ARGV[i + 2] }
    if not redis.call('HGET', K_SEATS, seat) then
        unknown[#unknown + 1] = seat
    end
end
if #unknown > 1 then
    return unknown
end

local function describe(state)
    if state == 'a' then
        return 'available'
    end
    local holder = holder_of(state)
    if holder then
        return 'held:' .. holder
    end
    if string.sub(state, 1, 2) == 'b|' then
        return 'blocked:' .. string.sub(state, 3)
    end
    return 'sold:' .. string.match(state, '^s|([^|]*)|')
end

local reply = { 'repaired' }
local reported = {}
local function report(seat, before, after)
    reply[#reply + 1] = seat
    reply[#reply + 1] = before
    reply[#reply + 1] = after
    reported[seat] = true
end

-- Forces one seat to its target state (`state`: the seat's state now, which differs).
local function repair(target, state)
    local before = describe(state)
    local holder = holder_of(state)
    if holder then
        local h = hold_load(holder)
        if h then
            end_hold(h, 'released', now)
            for _, other in ipairs(h.seats) do
                if other ~= target.seat and not reported[other] then
                    report(other, 'held:' .. holder, 'available')
                end
            end
        end
        state = redis.call('HGET', K_SEATS, target.seat)
    end

    local sold_to = string.match(state, '^s|[^|]*|(.*)$')
    if sold_to then
        user_add_seats(sold_to, -1)
        redis.call('HINCRBY', K_META, 'sold', -1)
    elseif string.sub(state, 1, 2) == 'b|' then
        redis.call('HINCRBY', K_META, 'blocked', -1)
    else
        redis.call('HINCRBY', K_META, 'available', -1)
    end
    if target.order == '' then
        redis.call('HINCRBY', K_META, 'available', 1)
        if state ~= 'a' then
            seat_set(target.seat, 'a', 'available')
            row_free_add({ target.seat }, 1)
        end
    else
        user_add_seats(target.user, 1)
        redis.call('HINCRBY', K_META, 'sold', 1)
        local sold = 's|' .. target.order .. '|' .. target.user
        if state ~= sold then
            seat_set(target.seat, sold, 'sold')
            if state == 'a' then
                row_free_add({ target.seat }, -1)
            end
        end
    end
    report(target.seat, before, describe(redis.call('HGET', K_SEATS, target.seat)))
end

-- A seat already in its target state is left alone and not reported: a drift check that read
-- the seat before a sale changed it, and PostgreSQL after, asks for what is already there.
for _, target in ipairs(targets) do
    local state = redis.call('HGET', K_SEATS, target.seat)
    local wanted = target.order == '' and 'a' or ('s|' .. target.order .. '|' .. target.user)
    if state ~= wanted then
        repair(target, state)
    end
end
publish_changes()
return reply

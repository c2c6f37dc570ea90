-- check_in.lua: admit a ticket at the gate, exactly once. The signature of the scanned payload is
-- checked by the caller before this runs; this run decides, atomically, whether the ticket is
-- still good and not yet admitted, and marks it admitted. Two gates scanning the same ticket at
-- once are two runs one after the other: the second finds the mark.
-- The mark is a field of the orders hash, CHECKIN_FIELD_PREFIX .. ticket id = '<checked_in_at_ms>',
-- kept for the event's lifetime (unlike order records, it is never purged), so a ticket stays
-- admitted once however long after the sale it was scanned.
-- The admission goes on the outbox stream too (kind CHECKIN_KIND, fields in Tickets/CheckInEntry.cs),
-- so PostgreSQL records it, and OUTBOX_WAKE is told, as a commit does.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel (unused),
-- ARGV[3] ticket id, ARGV[4] order id, ARGV[5] seat id (all three from the signed payload),
-- ARGV[6] the scanning user's id.
-- Replies: {'checked_in', checked_in_at_ms, holder user id}
--          | {'already_checked_in', checked_in_at_ms}
--          | {'refunded'} (the ticket was issued but is no longer its seat's)
--          | {'unknown'} (the order names no such ticket, or the seat is not the event's)
--          | {'no_event'}

-- The ticket's state as the gate needs it: 'active', 'refunded' or nil (no such ticket), and the
-- holder. A ticket is live while its seat is sold to its order ('s|<orderId>|<userId>'); a refund
-- returns the seat, so a seat no longer its order's means the ticket was refunded. The order record
-- (kept RETAIN_MS after the commit) also says which tickets the order has and, once refunds mark
-- them ('status' of a ticket), which are refunded.
local function ticket_state(order_id, ticket_id, seat)
    local seat_state = redis.call('HGET', K_SEATS, seat)
    if not seat_state then
        return nil
    end
    local sold_prefix = 's|' .. order_id .. '|'
    local holder = nil
    if string.sub(seat_state, 1, #sold_prefix) == sold_prefix then
        holder = string.sub(seat_state, #sold_prefix + 1)
    end
    local stored = redis.call('HGET', K_ORDERS, order_id)
    if stored then
        local order = cjson.decode(string.sub(stored, string.find(stored, '|', 1, true) + 1))
        for _, ticket in ipairs(order.tickets) do
            if ticket.ticket_id == ticket_id then
                if ticket.seat_id ~= seat then
                    return nil
                end
                if holder and ticket.status ~= TICKET_REFUNDED then
                    return 'active', holder
                end
                return 'refunded'
            end
        end
        return nil
    end
    if holder then
        return 'active', holder
    end
    return 'refunded'
end

if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local ticket_id, order_id, seat = ARGV[3], ARGV[4], ARGV[5]
local mark = CHECKIN_FIELD_PREFIX .. ticket_id
local prior = redis.call('HGET', K_ORDERS, mark)
if prior then
    return { 'already_checked_in', prior }
end
local state, holder = ticket_state(order_id, ticket_id, seat)
if not state then
    return { 'unknown' }
end
if state == 'refunded' then
    return { 'refunded' }
end
local now = int(now_ms())
redis.call('HSET', K_ORDERS, mark, now)
redis.call('XADD', K_OUTBOX, '*', KIND_FIELD, CHECKIN_KIND, CHECKIN_TICKET_FIELD, ticket_id, CHECKIN_ORDER_FIELD, order_id,
    CHECKIN_SEAT_FIELD, seat, CHECKIN_HOLDER_FIELD, holder, CHECKIN_SCANNED_BY_FIELD, ARGV[6], CHECKIN_AT_FIELD, now)
redis.call('PUBLISH', OUTBOX_WAKE, string.match(K_OUTBOX, '^{ev:(.+)}:outbox$') or K_OUTBOX)
return { 'checked_in', now, holder }

-- refund_tickets.lua: give tickets of an order back, all in one run: their seats return to sale
-- (available, counters, row_free, the version and the change feed follow), the order record marks
-- them refunded and records the refund, and a cancellation entry goes on the outbox stream for
-- PostgreSQL. Idempotent: a ticket already refunded is skipped, so asking again refunds nothing
-- twice and appends nothing.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] order id, ARGV[4] the order as PostgreSQL has it ('<confirmed_at_ms>|<order JSON>', or
-- ''): used only when Redis no longer keeps the order (its record is purged with its hold's), and
-- then stored again, ARGV[5..] the ticket ids to refund (none: every ticket not refunded yet).
-- Replies: {'refunded', '<confirmed_at_ms>|<order JSON>' as stored now, tickets refunded by this run, version}
--          | {'not_found'} | {'not_in_order', ticketId...} | {'no_event'}
-- A seat moves back to 'a' only while it is still sold to this order ('s|<order>|<user>'): a
-- repair that gave it to someone else keeps it there, and only the ticket is marked refunded.
if redis.call('EXISTS', K_META) == 0 then
    return { 'no_event' }
end
local order_id = ARGV[3]
local stored = redis.call('HGET', K_ORDERS, order_id)
if not stored then
    if ARGV[4] == '' then
        return { 'not_found' }
    end
    stored = ARGV[4]
end
local bar = string.find(stored, '|', 1, true)
local confirmed_at, order = string.sub(stored, 1, bar - 1), cjson.decode(string.sub(stored, bar + 1))

local by_id = {}
for _, t in ipairs(order.tickets) do
    by_id[t.ticket_id] = t
end
local wanted = {}
if #ARGV >= 5 then
    local foreign = { 'not_in_order' }
    for i = 5, #ARGV do
        if by_id[ARGV[i]] then
            wanted[#wanted + 1] = by_id[ARGV[i]]
        else
            foreign[#foreign + 1] = ARGV[i]
        end
    end
    if #foreign > 1 then
        return foreign
    end
else
    wanted = order.tickets
end

local now = now_ms()
local refunded, ids, returned = {}, {}, {}
local sold_state = 's|' .. order_id .. '|' .. order.user_id
for _, t in ipairs(wanted) do
    if t.status ~= TICKET_REFUNDED and not refunded[t.ticket_id] then
        refunded[t.ticket_id] = true
        t.status = TICKET_REFUNDED
        ids[#ids + 1] = t.ticket_id
        if redis.call('HGET', K_SEATS, t.seat_id) == sold_state then
            returned[#returned + 1] = t.seat_id
        end
    end
end
if #ids == 0 then
    return { 'refunded', stored, 0, meta_number('version') }
end

if #returned > 0 then
    local n = #returned
    row_free_add(returned, 1, seats_set(returned, 'a', 'available'))
    redis.call('HINCRBY', K_META, 'sold', -n)
    redis.call('HINCRBY', K_META, 'available', n)
    user_add_seats(order.user_id, -n)
end

local active = 0
for _, t in ipairs(order.tickets) do
    if t.status ~= TICKET_REFUNDED then
        active = active + 1
    end
end
order.status = active == 0 and ORDER_REFUNDED or ORDER_PARTIALLY_REFUNDED
if type(order.refunds) ~= 'table' then
    order.refunds = {}
end
order.refunds[#order.refunds + 1] = { number = #order.refunds + 1, ticket_ids = ids, refunded_at_ms = now }
local json = cjson.encode(order)
stored = confirmed_at .. '|' .. json
redis.call('HSET', K_ORDERS, order_id, stored)

redis.call('XADD', K_OUTBOX, '*', KIND_FIELD, KIND_CANCELLATION, ORDER_ID_FIELD, order_id, ORDER_FIELD, json,
    ORDER_CONFIRMED_AT_FIELD, confirmed_at, CONFIRMED_AT_FIELD, int(now))
redis.call('PUBLISH', OUTBOX_WAKE, string.match(K_OUTBOX, '^{ev:(.+)}:outbox$') or K_OUTBOX)
return { 'refunded', stored, #ids, publish_changes() }

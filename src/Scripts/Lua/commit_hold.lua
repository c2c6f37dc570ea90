-- commit_hold.lua: sell a paying hold's seats under its fence, record the order, append it to
-- the outbox stream, wake the outbox writers and publish the seat changes, all in one run.
-- Idempotent by key: the same key after the commit replays the stored order.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id, ARGV[4] user id, ARGV[5] fence, ARGV[6] idempotency key, ARGV[7] order id,
-- ARGV[8] order JSON (OrderCodec), ARGV[9] order total in cents, ARGV[10] the committing request's
-- traceparent ('' for none; the outbox entry carries it only when given), ARGV[11] the buyer's score
-- in unwritten_orders (Orders/UnwrittenOrders.cs, ScoreOf), ARGV[12] the event id,
-- ARGV[13..] the ticket seat ids.
-- Replies: {'committed', '<confirmed_at_ms>|<order JSON>', replayed 0|1} | {'expired'}
--          | {'not_held', status} (wrong fence or key, released, never paid) | {'not_found'}
--          | {'mismatch'} (the order's seats or total differ from the hold's; nothing changed)
-- Writes the entry id into unwritten_orders too (common.lua, key 18).
-- Publishes (a real commit only, never a replay): the seat changes on ARGV[2], and the event id
-- on OUTBOX_WAKE so that the outbox writers read this event's stream now instead of polling it.
-- One channel for all events (Keys/ScriptConstants.cs declares it). A channel is not a key, so
-- this stays cluster-safe: Redis Cluster delivers a PUBLISH to subscribers on every node.

local hold_id, user, fence, key = ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local order_id, order_json, cents = ARGV[7], ARGV[8], tonumber(ARGV[9])
local trace = ARGV[10] ~= '' and { TRACE_PARENT_FIELD, ARGV[10] } or {}
-- Both come from the caller rather than from a SHA-1 and a match on the key here: Redis's one
-- thread runs every commit of the event, the callers' cores are many.
local buyer_score, event_id = ARGV[11], ARGV[12]
local now = now_ms()
local h, ended = own_hold(hold_id, user, now)
if ended then
    return ended
end
if h.status == 'committed' then
    if h.key == key then
        return { 'committed', redis.call('HGET', K_ORDERS, h.order), 1 }
    end
    return { 'not_held', 'committed' }
end
if h.status ~= 'paying' or h.key ~= key or h.fence ~= fence then
    return { 'not_held', h.status }
end

local tickets = {}
for i = 13, #ARGV do
    tickets[ARGV[i]] = true
end
local same_seats = (#ARGV - 12) == #h.seats
for _, seat in ipairs(h.seats) do
    same_seats = same_seats and tickets[seat] == true
end
if not same_seats or cents ~= h.cents then
    return { 'mismatch' }
end

seats_set(h.seats, 's|' .. order_id .. '|' .. user, 'sold', h.pos)
local n = #h.seats
redis.call('HINCRBY', K_META, 'held', int(-n))
redis.call('HINCRBY', K_META, 'sold', int(n))
h.order = order_id
-- The seats stay the user's, sold now instead of held.
user_drop_hold(user, h.id, 0)
retire(h, 'committed', now)

local stored = int(now) .. '|' .. order_json
redis.call('HSET', K_ORDERS, order_id, stored)
-- Never trimmed here: the Reconciler trims after PostgreSQL has the orders.
local entry = redis.call('XADD', K_OUTBOX, '*', ORDER_FIELD, order_json, CONFIRMED_AT_FIELD, int(now), unpack(trace))
-- The buyer's unwritten orders, for /me/orders: the entry id, scored by the buyer. The outbox
-- writer removes the entry id in the transaction that acknowledges it, without knowing the buyer.
redis.call('ZADD', K_UNWRITTEN, buyer_score, entry)
redis.call('PUBLISH', OUTBOX_WAKE, event_id)
publish_changes()
return { 'committed', stored, 0 }

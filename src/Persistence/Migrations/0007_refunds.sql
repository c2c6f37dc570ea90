-- Refunds: a ticket is active or refunded; an order and its payment follow their tickets.
-- A refunded ticket keeps its row (what was sold and given back stays on record), so the oversell
-- guard becomes a unique index over active tickets only: a refunded seat can be sold again, and
-- still never to two active tickets at once. The writer's inserts use ON CONFLICT DO NOTHING
-- without a target, which this partial index answers like the constraint it replaces.
ALTER TABLE tickets ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'refunded'));
ALTER TABLE tickets ADD COLUMN refunded_at timestamptz;
ALTER TABLE tickets DROP CONSTRAINT tickets_event_seat_unique;
CREATE UNIQUE INDEX tickets_event_seat_active_unique ON tickets (event_id, seat_id) WHERE status = 'active';
-- Per-event reads of a seat's history (refunded rows too) keep an index of their own.
CREATE INDEX tickets_event_seat_idx ON tickets (event_id, seat_id);

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('confirmed', 'seat_conflict', 'partially_refunded', 'refunded'));

-- 'succeeded' until a refund; then 'partially_refunded' or 'refunded' with the amount given back.
ALTER TABLE payments ADD COLUMN refunded_amount numeric(12,2) NOT NULL DEFAULT 0;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('succeeded', 'partially_refunded', 'refunded', 'void'));

-- Cancelling an event walks its orders in pages by id.
CREATE INDEX orders_event_idx ON orders (event_id, id);

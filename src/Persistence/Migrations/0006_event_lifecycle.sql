-- The event lifecycle: draft -> scheduled (opens_at) -> on_sale <-> paused -> closed, and
-- cancelled. Every status keeps the event's seats in Redis (holds are refused there outside the
-- sale); 'closed' no longer means "not loaded". Existing rows keep 'on_sale'.
ALTER TABLE events DROP CONSTRAINT events_status_check;
ALTER TABLE events ADD CONSTRAINT events_status_check
    CHECK (status IN ('draft', 'scheduled', 'on_sale', 'paused', 'closed', 'cancelled'));
ALTER TABLE events ADD COLUMN opens_at timestamptz, ADD COLUMN refund_until timestamptz;
ALTER TABLE events ADD CONSTRAINT events_scheduled_has_opens_at CHECK (status <> 'scheduled' OR opens_at IS NOT NULL);
-- Every event is loaded in Redis whatever its status, so the partial index of on-sale ones goes.
DROP INDEX events_on_sale_idx;
-- The opening job asks for scheduled events whose time has come.
CREATE INDEX events_scheduled_idx ON events (opens_at) WHERE status = 'scheduled';

-- Seat blocks (production holds, kills) as the operator made them. Redis holds the live state and
-- refuses a block over a held or sold seat; this row is what a rebuild of Redis blocks again.
CREATE TABLE seat_blocks (
    block_id   text        PRIMARY KEY,
    event_id   uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    reason     text        NOT NULL,
    seat_ids   text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seat_blocks_event_idx ON seat_blocks (event_id);

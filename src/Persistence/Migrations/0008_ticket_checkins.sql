-- Tickets admitted at the gate, one row per ticket, written by the outbox writer from the check-in
-- entries check_in.lua appends. Redis decides admission (once, atomically); this is the durable
-- record of it. No foreign key to tickets: a check-in entry may be written in a batch that commits
-- before the one holding its order (the writer keeps two batches in flight), and its ticket row
-- follows moments later. The primary key makes a redelivered entry a no-op.
CREATE TABLE ticket_checkins (
    ticket_id       text        PRIMARY KEY,
    event_id        uuid        NOT NULL,
    order_id        text        NOT NULL,
    seat_id         text        NOT NULL,
    holder          text        NOT NULL,
    scanned_by      text        NOT NULL,
    checked_in_at   timestamptz NOT NULL,
    outbox_entry_id text        NOT NULL,
    persisted_at    timestamptz NOT NULL DEFAULT now()
);
-- Who came in, per event and in order: the door count an operator asks for.
CREATE INDEX ticket_checkins_event_idx ON ticket_checkins (event_id, checked_in_at);

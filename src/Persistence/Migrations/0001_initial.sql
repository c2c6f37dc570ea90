-- Durable record of the sale: layouts, orders, tickets, payments.
-- Redis holds live seat state; these tables are the source of truth for what was sold, and the
-- source Redis is rebuilt from after a loss.

CREATE TABLE events (
    id                   uuid        PRIMARY KEY,
    title                text        NOT NULL,
    venue                text        NOT NULL,
    starts_at            timestamptz NOT NULL,
    currency             text        NOT NULL CHECK (length(currency) = 3),
    hold_ttl_seconds     integer     NOT NULL CHECK (hold_ttl_seconds BETWEEN 5 AND 3600),
    max_seats_per_hold   integer     NOT NULL CHECK (max_seats_per_hold > 0),
    max_tickets_per_user integer     NOT NULL CHECK (max_tickets_per_user > 0),
    max_extensions       integer     NOT NULL DEFAULT 1 CHECK (max_extensions >= 0),
    status               text        NOT NULL DEFAULT 'on_sale' CHECK (status IN ('on_sale', 'closed')),
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_on_sale_idx ON events (starts_at) WHERE status = 'on_sale';
CREATE INDEX events_starts_at_idx ON events (starts_at, id);

-- The layout: sections in display order, rows front first. A row's seats are numbered 1..seats,
-- so seat ids (SECTION-ROW-NUMBER) follow from the row and need no table of their own.
CREATE TABLE event_sections (
    event_id   uuid          NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    section_id text          NOT NULL,
    name       text          NOT NULL,
    price      numeric(12,2) NOT NULL CHECK (price >= 0),
    position   integer       NOT NULL,
    PRIMARY KEY (event_id, section_id)
);

CREATE TABLE event_rows (
    event_id   uuid    NOT NULL,
    section_id text    NOT NULL,
    row_id     text    NOT NULL,
    position   integer NOT NULL,
    seats      integer NOT NULL CHECK (seats > 0),
    PRIMARY KEY (event_id, section_id, row_id),
    FOREIGN KEY (event_id, section_id) REFERENCES event_sections (event_id, section_id) ON DELETE CASCADE
);

-- One row per committed order, written by the outbox writer (or by a drift repair) from the
-- order the commit script recorded. Every column comes from that record, so a redelivered entry
-- writes the same row again and ON CONFLICT (id) makes it a no-op.
CREATE TABLE orders (
    id                     text          PRIMARY KEY,
    event_id               uuid          NOT NULL REFERENCES events (id),
    user_id                text          NOT NULL,
    reservation_id         text          NOT NULL,
    idempotency_key        text          NOT NULL,
    total_amount           numeric(12,2) NOT NULL,
    currency               text          NOT NULL,
    payment_transaction_id text          NOT NULL,
    status                 text          NOT NULL CHECK (status IN ('confirmed', 'seat_conflict')),
    confirmed_at           timestamptz   NOT NULL,
    outbox_entry_id        text,
    persisted_at           timestamptz   NOT NULL DEFAULT now()
);
-- Indexes cost the writer on every order: only the ones a query needs (a user's orders; the
-- tickets of an order). Per-event reads go through tickets' (event_id, seat_id) index.
CREATE INDEX orders_user_idx ON orders (user_id, confirmed_at DESC);

-- The last guard against overselling: one ticket per seat per event, whatever Redis said.
CREATE TABLE tickets (
    id       text          NOT NULL PRIMARY KEY,
    order_id text          NOT NULL REFERENCES orders (id),
    event_id uuid          NOT NULL,
    seat_id  text          NOT NULL,
    code     text          NOT NULL,
    price    numeric(12,2) NOT NULL,
    CONSTRAINT tickets_event_seat_unique UNIQUE (event_id, seat_id)
);
CREATE INDEX tickets_order_idx ON tickets (order_id);

-- The charge behind each order. Idempotency keys are scoped per user and event, as in Redis.
CREATE TABLE payments (
    transaction_id  text          PRIMARY KEY,
    order_id        text          NOT NULL REFERENCES orders (id),
    event_id        uuid          NOT NULL,
    user_id         text          NOT NULL,
    idempotency_key text          NOT NULL,
    amount          numeric(12,2) NOT NULL,
    currency        text          NOT NULL,
    status          text          NOT NULL,
    CONSTRAINT payments_idempotency_unique UNIQUE (event_id, user_id, idempotency_key)
);

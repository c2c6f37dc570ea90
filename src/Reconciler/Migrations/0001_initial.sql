-- Durable record of the sale: layouts, orders, tickets, payments.
-- Redis holds live seat state; these tables are the source of truth for what was sold.

CREATE TABLE events (
    id                   uuid        PRIMARY KEY,
    title                text        NOT NULL,
    venue                text        NOT NULL,
    starts_at            timestamptz NOT NULL,
    currency             char(3)     NOT NULL,
    hold_ttl_seconds     integer     NOT NULL CHECK (hold_ttl_seconds BETWEEN 5 AND 3600),
    max_seats_per_hold   integer     NOT NULL CHECK (max_seats_per_hold > 0),
    max_tickets_per_user integer     NOT NULL CHECK (max_tickets_per_user > 0),
    max_extensions       integer     NOT NULL DEFAULT 1 CHECK (max_extensions >= 0),
    status               text        NOT NULL DEFAULT 'on_sale',
    created_at           timestamptz NOT NULL DEFAULT now()
);

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

CREATE TABLE orders (
    id             text          PRIMARY KEY,
    event_id       uuid          NOT NULL REFERENCES events (id),
    user_id        text          NOT NULL,
    reservation_id text          NOT NULL UNIQUE,
    total_amount   numeric(12,2) NOT NULL,
    currency       char(3)       NOT NULL,
    status         text          NOT NULL,
    confirmed_at   timestamptz   NOT NULL,
    body           jsonb         NOT NULL,
    persisted_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_idx ON orders (user_id, confirmed_at DESC);
CREATE INDEX orders_event_idx ON orders (event_id);

-- The last guard against overselling: one ticket per seat per event, whatever Redis said.
CREATE TABLE tickets (
    id       text NOT NULL PRIMARY KEY,
    order_id text NOT NULL REFERENCES orders (id),
    event_id uuid NOT NULL,
    seat_id  text NOT NULL,
    code     text NOT NULL,
    CONSTRAINT tickets_event_seat_unique UNIQUE (event_id, seat_id)
);

CREATE TABLE payments (
    transaction_id  text          PRIMARY KEY,
    order_id        text          NOT NULL REFERENCES orders (id),
    user_id         text          NOT NULL,
    idempotency_key text          NOT NULL,
    amount          numeric(12,2) NOT NULL,
    currency        char(3)       NOT NULL,
    status          text          NOT NULL,
    CONSTRAINT payments_idempotency_unique UNIQUE (user_id, idempotency_key)
);

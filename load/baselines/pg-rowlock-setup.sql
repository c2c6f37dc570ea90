-- Schema and data for the PostgreSQL row-lock baseline (load/baselines/pg-rowlock-hold.sql).
-- The design most ticketing tutorials teach: one row per seat, a hold locks the seat rows
-- (SELECT ... FOR UPDATE NOWAIT) inside a SERIALIZABLE transaction, inserts a booking and marks
-- the seats held. Run with: psql -v seats=1000000 -f pg-rowlock-setup.sql
\set ON_ERROR_STOP on

DROP TABLE IF EXISTS baseline_bookings;
DROP TABLE IF EXISTS baseline_seats;

CREATE TABLE baseline_seats (
    event_id   integer     NOT NULL,
    seat_no    integer     NOT NULL,
    status     text        NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'sold')),
    booking_id bigint,
    held_until timestamptz,
    PRIMARY KEY (event_id, seat_no)
);

CREATE TABLE baseline_bookings (
    id         bigserial   PRIMARY KEY,
    event_id   integer     NOT NULL,
    user_id    integer     NOT NULL,
    seat_nos   integer[]   NOT NULL,
    status     text        NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO baseline_seats (event_id, seat_no) SELECT 1, seat FROM generate_series(1, :seats) AS seat;
VACUUM ANALYZE baseline_seats;

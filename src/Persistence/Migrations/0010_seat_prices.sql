-- Seat prices changed after the event was created (PATCH /events/{id} "prices"). Redis holds the
-- live prices and refuses a change over a held or sold seat; these rows are what a rebuild of
-- Redis prices again. A seat without a row costs its section's price.
CREATE TABLE seat_prices (
    event_id   uuid          NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seat_id    text          NOT NULL,
    price      numeric(12,2) NOT NULL CHECK (price >= 0),
    changed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, seat_id)
);

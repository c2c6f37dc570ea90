-- Payment webhooks already handled, by the provider's event id. A provider redelivers an event
-- (same id, a fresh signature) until it gets a 2xx, for days; the row makes every redelivery a
-- no-op for as long as it is kept. The primary key is also what serialises two concurrent
-- deliveries of one event: the second insert waits for the first one's transaction.
CREATE TABLE payment_webhooks (
    event_id    text        PRIMARY KEY,
    type        text        NOT NULL,
    outcome     text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

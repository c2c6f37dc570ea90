-- Each event's waiting-room settings as the operator last set them. Redis holds the live room;
-- this row is what a rebuild of Redis configures it from again, and what tells every Api process
-- which rooms are on.
CREATE TABLE waiting_rooms (
    event_id              uuid        PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    enabled               boolean     NOT NULL,
    admit_per_second      integer     NOT NULL CHECK (admit_per_second >= 1),
    admission_ttl_seconds integer     NOT NULL CHECK (admission_ttl_seconds >= 1),
    max_active            integer     NOT NULL CHECK (max_active >= 1),
    opens_at              timestamptz,
    abandon_after_seconds integer     NOT NULL CHECK (abandon_after_seconds >= 1),
    target_p99_ms         integer     NOT NULL CHECK (target_p99_ms >= 1),
    paused                boolean     NOT NULL DEFAULT false,
    updated_at            timestamptz NOT NULL DEFAULT now()
);

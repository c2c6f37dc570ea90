-- What the ops dashboard shows: alarms, reconciliation runs and their repairs, job executions.

-- Anything that must never happen silently: a seat sold twice, an outbox entry that is not an
-- order, a seat sold in Redis that PostgreSQL never heard of.
CREATE TABLE alarms (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text        NOT NULL,
    event_id          uuid,
    seat_id           text,
    order_id          text,
    existing_order_id text,
    outbox_entry_id   text,
    detail            text        NOT NULL,
    raised_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alarms_raised_idx ON alarms (raised_at DESC);
-- An entry redelivered after a crash between commit and acknowledgement raises its alarm once.
CREATE UNIQUE INDEX alarms_once_per_entry_idx ON alarms (kind, event_id, outbox_entry_id, seat_id) NULLS NOT DISTINCT
    WHERE outbox_entry_id IS NOT NULL;

CREATE TABLE reconciliation_runs (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger        text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    events_checked integer     NOT NULL DEFAULT 0,
    repairs        integer     NOT NULL DEFAULT 0,
    error          text
);
CREATE INDEX reconciliation_runs_started_idx ON reconciliation_runs (started_at DESC);

CREATE TABLE repairs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      bigint      NOT NULL REFERENCES reconciliation_runs (id),
    event_id    uuid        NOT NULL,
    kind        text        NOT NULL,
    seat_id     text        NOT NULL,
    before      text        NOT NULL,
    after       text        NOT NULL,
    detail      text,
    repaired_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX repairs_repaired_idx ON repairs (repaired_at DESC);

-- One row per execution of a scheduled job, on whichever Reconciler process ran it. With the
-- clustered Quartz store a (job, scheduled_at) pair appears once; the tests hold it to that.
CREATE TABLE job_executions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name     text        NOT NULL,
    scheduled_at timestamptz,
    instance_id  text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    succeeded    boolean     NOT NULL,
    error        text
);
CREATE INDEX job_executions_job_idx ON job_executions (job_name, started_at DESC);

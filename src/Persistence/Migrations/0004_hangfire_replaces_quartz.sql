-- The jobs run on Hangfire, whose tables live in their own schema (hangfire) and are installed and
-- upgraded by Hangfire.PostgreSql itself. Quartz's store is dropped; job_executions keeps one row per
-- execution and now names the Hangfire job it ran, so "each firing once" can be checked per job.

DROP TABLE IF EXISTS
    qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_paused_job_grps, qrtz_scheduler_state, qrtz_locks,
    qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers, qrtz_blob_triggers, qrtz_triggers,
    qrtz_job_details, qrtz_calendars, qrtz_execution_history, qrtz_misfire_history, qrtz_job_status
    CASCADE;

ALTER TABLE job_executions ADD COLUMN job_id text;
CREATE INDEX job_executions_started_idx ON job_executions (started_at);

namespace Ticketing.Reconciler;

/// <summary>Settings of the Reconciler (section <c>Reconciler</c>).</summary>
public sealed class ReconcilerOptions
{
    public const string Section = "Reconciler";

    /// <summary>The outbox writer: Redis outbox streams into PostgreSQL.</summary>
    public OutboxWriterOptions Outbox { get; set; } = new();

    /// <summary>The jobs on Hangfire.</summary>
    public JobOptions Jobs { get; set; } = new();

    internal bool IsValid(out string? problem)
    {
        problem = (Outbox, Jobs) switch
        {
            ({ BatchSize: < 1 or > 5_000 }, _) => "Reconciler:Outbox:BatchSize must be 1..5000",
            ({ SafetyPollSeconds: < 1 }, _) => "Reconciler:Outbox:SafetyPollSeconds must be positive",
            ({ ClaimIdleSeconds: < 1 }, _) => "Reconciler:Outbox:ClaimIdleSeconds must be positive",
            ({ ConsumerGroup: null or "" }, _) => "Reconciler:Outbox:ConsumerGroup is required",
            (_, { WorkerCount: < 1 }) => "Reconciler:Jobs:WorkerCount must be positive",
            (_, { JobRunRetentionHours: < 1 }) => "Reconciler:Jobs:JobRunRetentionHours must be positive",
            (_, { RecordRetentionDays: < 1 }) => "Reconciler:Jobs:RecordRetentionDays must be positive",
            (_, { AbandonedJobSeconds: < 1 }) => "Reconciler:Jobs:AbandonedJobSeconds must be positive",
            (_, { LockTimeoutSeconds: < 1 }) => "Reconciler:Jobs:LockTimeoutSeconds must be positive",
            (_, { StuckHoldGraceSeconds: < 0 }) => "Reconciler:Jobs:StuckHoldGraceSeconds must not be negative",
            _ => null,
        };
        return problem is null;
    }
}

/// <summary>Settings of the outbox writer (section <c>Reconciler:Outbox</c>).</summary>
public sealed class OutboxWriterOptions
{
    /// <summary>Run the writer in this process. Off only in tests that drive the writer themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Redis consumer group every Reconciler process reads with; each entry goes to one of them.</summary>
    public string ConsumerGroup { get; set; } = "reconciler";

    /// <summary>Most entries written to PostgreSQL in one transaction.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// Period of the writer's full pass over every on-sale event's stream. Commits wake the writer
    /// at once; this pass finds what a lost wake leaves behind (a reconnect, a writer started after
    /// the commit, entries pending on a dead consumer), so it bounds how late such an order reaches
    /// PostgreSQL. Each pass costs one read per on-sale event (plus a claim per event every half
    /// <see cref="ClaimIdleSeconds"/>), which is the writer's whole idle cost.
    /// </summary>
    public int SafetyPollSeconds { get; set; } = 1;

    /// <summary>An entry delivered this long ago and still not acknowledged belongs to a dead consumer and is taken over.</summary>
    public int ClaimIdleSeconds { get; set; } = 30;

    /// <summary>How often the on-sale event list (the streams to read) is refreshed from PostgreSQL: a new event's first orders wait at most this long.</summary>
    public int EventRefreshSeconds { get; set; } = 1;
}

/// <summary>Settings of the jobs on Hangfire (section <c>Reconciler:Jobs</c>). Schedules are cron expressions in UTC; six fields start with seconds.</summary>
public sealed class JobOptions
{
    /// <summary>Register the recurring schedules from this process. Off in tests of other parts; the job server still runs on-demand jobs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This process's name on the dashboard and in <c>job_executions</c>; empty means the host name.</summary>
    public string? ServerName { get; set; }

    /// <summary>Job workers in this process. Every job is short; a few cover the sweep, a reconcile and an admin's run at once.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// Hold-expiry sweep: every 2 s, so a seat stays held at most about 3 s past its hold's expiry (the sweep period
    /// plus the job server's 1 s schedule poll), inside the promised 5 s.
    /// </summary>
    public string ExpirySweepCron { get; set; } = "*/2 * * * * *";

    /// <summary>
    /// Drift checks report a hold that has elapsed and is not swept yet only once it ended this long
    /// ago: the promised 5 s. Sooner, it is the sweep's next run to end (see <see cref="ExpirySweepCron"/>):
    /// during a sale with abandoned holds there is nearly always one, and reporting it as stuck
    /// filled the repair log with the sale itself. Later, the sweep has fallen behind, which is drift.
    /// </summary>
    public int StuckHoldGraceSeconds { get; set; } = 5;

    /// <summary>Drift reconciliation: every minute.</summary>
    public string ReconcileCron { get; set; } = "* * * * *";

    /// <summary>The check that every on-sale event is in Redis (rebuilt when its keys are gone): every 10 s.</summary>
    public string LoadEventsCron { get; set; } = "*/10 * * * * *";

    /// <summary>The waiting rooms' admission tick (open, sweep, rate, admit): every second.</summary>
    public string WaitingRoomAdmissionCron { get; set; } = "* * * * * *";

    /// <summary>
    /// Opening of scheduled sales: every second, so the status everyone reads turns <c>on_sale</c>
    /// within about 2 s of <c>opens_at</c>. Holds do not wait for it: the hold scripts compare
    /// <c>opens_at</c> with Redis' clock.
    /// </summary>
    public string OpenSalesCron { get; set; } = "* * * * * *";

    /// <summary>Retention purge of the operations tables: daily at 03:30 UTC.</summary>
    public string RetentionPurgeCron { get; set; } = "30 3 * * *";

    /// <summary>How long job executions are kept: the sweep alone records tens of thousands a day.</summary>
    public int JobRunRetentionHours { get; set; } = 24;

    /// <summary>How long alarms, repairs and reconciliation runs are kept.</summary>
    public int RecordRetentionDays { get; set; } = 90;

    /// <summary>A job taken by a process that then died is offered to another after this long.</summary>
    public int AbandonedJobSeconds { get; set; } = 300;

    /// <summary>
    /// A job lock (Hangfire's, e.g. the one <c>[DisableConcurrentExecution]</c> takes) that was never
    /// released counts as free after this long. A lock is left behind when PostgreSQL dies while it is
    /// held (its release cannot reach the database): the chaos run saw admissions, the hold sweep and
    /// reconciliation wait out Hangfire's default of 10 minutes. Every job is safe to run twice, so a
    /// run that outlasts it and overlaps the next costs nothing but work.
    /// </summary>
    public int LockTimeoutSeconds { get; set; } = 30;
}

namespace Ticketing.Reconciler;

/// <summary>Settings of the Reconciler (section <c>Reconciler</c>).</summary>
public sealed class ReconcilerOptions
{
    public const string Section = "Reconciler";

    /// <summary>The outbox writer: Redis outbox streams into PostgreSQL.</summary>
    public OutboxWriterOptions Outbox { get; set; } = new();

    /// <summary>The recurring jobs on Quartz.</summary>
    public JobOptions Jobs { get; set; } = new();

    internal bool IsValid(out string? problem)
    {
        problem = (Outbox, Jobs) switch
        {
            ({ BatchSize: < 1 or > 5_000 }, _) => "Reconciler:Outbox:BatchSize must be 1..5000",
            ({ SafetyPollSeconds: < 1 }, _) => "Reconciler:Outbox:SafetyPollSeconds must be positive",
            ({ ClaimIdleSeconds: < 1 }, _) => "Reconciler:Outbox:ClaimIdleSeconds must be positive",
            ({ ConsumerGroup: null or "" }, _) => "Reconciler:Outbox:ConsumerGroup is required",
            (_, { ExpirySweepSeconds: < 1 }) => "Reconciler:Jobs:ExpirySweepSeconds must be positive",
            (_, { ReconcileSeconds: < 1 }) => "Reconciler:Jobs:ReconcileSeconds must be positive",
            (_, { LoadEventsSeconds: < 1 }) => "Reconciler:Jobs:LoadEventsSeconds must be positive",
            (_, { SchedulerName: null or "" }) => "Reconciler:Jobs:SchedulerName is required",
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

/// <summary>Settings of the recurring jobs (section <c>Reconciler:Jobs</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Run the Quartz scheduler in this process. Tests of other parts turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz scheduler name: processes with the same name share the jobs (clustered store).</summary>
    public string SchedulerName { get; set; } = "ticketing-reconciler";

    /// <summary>This process's id in the cluster; empty picks a unique one (host name and time).</summary>
    public string? InstanceId { get; set; }

    /// <summary>Hold-expiry sweep period: a seat stays held at most this long past its hold's expiry.</summary>
    public int ExpirySweepSeconds { get; set; } = 2;

    /// <summary>Drift reconciliation period.</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>Period of the check that every on-sale event is in Redis (and rebuild when its keys are gone).</summary>
    public int LoadEventsSeconds { get; set; } = 10;

    /// <summary>How often this process checks in with the cluster; a process silent for longer is presumed dead and its work recovered.</summary>
    public int ClusterCheckinSeconds { get; set; } = 5;
}

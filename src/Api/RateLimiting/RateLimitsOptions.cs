namespace Ticketing.Api.RateLimiting;

/// <summary>Request budgets (section <c>RateLimits</c>). Windows are fixed; an exhausted budget answers 429 with <c>Retry-After</c>.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>Hold requests one user may make per <see cref="WindowSeconds"/>.</summary>
    public int HoldsPerUser { get; set; } = 30;

    /// <summary>
    /// Hold requests one client address may make per <see cref="WindowSeconds"/>, whoever signs them: many accounts
    /// scripted from one address share it. Above a family's needs, below a hoarding script's.
    /// </summary>
    public int HoldsPerAddress { get; set; } = 60;

    /// <summary>Commit requests one user may make per <see cref="WindowSeconds"/>.</summary>
    public int CommitsPerUser { get; set; } = 10;

    /// <summary>Requests of any kind one client address may make per <see cref="WindowSeconds"/>.</summary>
    public int RequestsPerAddress { get; set; } = 600;

    /// <summary>Length of every budget window.</summary>
    public int WindowSeconds { get; set; } = 10;

    /// <summary>
    /// Exempts loopback clients from the per-address budget, so a load test from the same machine
    /// measures the service rather than the limiter. Per-user budgets still apply.
    /// </summary>
    public bool ExemptLoopback { get; set; }
}

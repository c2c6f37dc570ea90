namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>
/// One sample of the sale's measured health, over the last few seconds. A null latency means no
/// request of that kind was measured in the window (then it neither raises nor cuts the rate).
/// </summary>
/// <param name="HoldP99">The 99th percentile latency of holds.</param>
/// <param name="CommitP99">The 99th percentile latency of commits.</param>
/// <param name="RedisScriptTimePerSecond">Time Redis spent in the engine's scripts per second of the window.</param>
/// <param name="Active">Admitted fans in the sale now.</param>
/// <param name="MaxActive">The room's cap on <paramref name="Active"/>.</param>
/// <param name="AdmitPerSecond">The room's cap on admissions per second.</param>
/// <param name="Waiting">
/// Fans the room could admit now: those queued in an open room that is not paused. None in a
/// pre-queue, whose fans are admitted only after its open, nor in a paused room.
/// </param>
public sealed record SaleHealth(
    TimeSpan? HoldP99,
    TimeSpan? CommitP99,
    TimeSpan RedisScriptTimePerSecond,
    long Active,
    int MaxActive,
    int AdmitPerSecond,
    long Waiting);

/// <summary>Why the admission rate is what it is.</summary>
public enum AdmissionReason
{
    /// <summary>No sample yet: the initial rate.</summary>
    Starting,

    /// <summary>Every measure is under its target: the rate went up.</summary>
    Healthy,

    /// <summary>Healthy, but waiting out the increase interval since the last raise.</summary>
    Steady,

    /// <summary>The rate is at the room's <c>admit_per_second</c>.</summary>
    AtAdmitPerSecond,

    /// <summary>The sale holds <c>max_active</c> fans: a higher rate would admit nobody more.</summary>
    SaleFull,

    /// <summary>
    /// Fewer fans wait than a second at this rate admits (none, before a pre-queue's open): a
    /// higher rate would admit nobody more now, so the rate stays until the queue holds it back.
    /// </summary>
    FewWaiting,

    /// <summary>The hold p99 passed the target: the rate was cut.</summary>
    HoldLatencyOverTarget,

    /// <summary>The commit p99 passed the target: the rate was cut.</summary>
    CommitLatencyOverTarget,

    /// <summary>Redis spent more time in scripts than the target: the rate was cut.</summary>
    RedisBusy,

    /// <summary>A target is still passed, but the rate was cut moments ago (cooldown).</summary>
    Cooling,
}

/// <summary>The rate the room admits at now, and why.</summary>
/// <param name="RatePerSecond">Fans per second; never above the room's <c>admit_per_second</c>.</param>
/// <param name="Reason">Why the last update left the rate here.</param>
/// <param name="At">When the last update was made.</param>
public sealed record AdmissionRate(double RatePerSecond, AdmissionReason Reason, DateTimeOffset At);

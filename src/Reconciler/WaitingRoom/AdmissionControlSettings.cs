namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>
/// How the admission rate of one room follows the sale's health: targets from the operator, and
/// the loop's gains. The defaults double a fresh room's rate every 2 s (5 to 320 fans/s in 12 s)
/// until the sale first shows strain, then add a tenth of the rate (at least 5 fans/s) per 2 s of
/// good health, and halve the rate within one sample of bad health.
/// </summary>
public sealed record AdmissionControlSettings
{
    /// <summary>The hold and commit p99 the sale must stay under (the room's <c>target_p99_ms</c>).</summary>
    public TimeSpan TargetP99 { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The share of <see cref="TargetP99"/> the server's own p99 is held under. The server times a
    /// request from its first byte to its last; a fan also waits for the way there and back and for
    /// a busy client, so a sale held at exactly the target on the server's clock ran over it on the
    /// fans' (a 20,000-seat sale: 112 ms p99 commit seen by fans against 100 ms).
    /// </summary>
    public double TargetShare { get; init; } = 0.8;

    /// <summary>
    /// The slow start ends, as at a cut, once the hold or commit p99 reaches this share of the
    /// held target: doubling from there would overshoot before the next sample shows it.
    /// </summary>
    public double SlowStartExitShare { get; init; } = 0.5;

    /// <summary>
    /// The most time per second Redis may spend running the engine's scripts (one core is 1 s/s);
    /// past it, every script queues behind the others and latency climbs for everyone.
    /// </summary>
    public TimeSpan TargetRedisScriptTimePerSecond { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>The rate a room starts at, in fans per second.</summary>
    public double InitialRate { get; init; } = 5;

    /// <summary>The rate is never cut below this, so a sale always makes progress.</summary>
    public double MinRate { get; init; } = 1;

    /// <summary>The least added to the rate per <see cref="IncreaseInterval"/> while the sale is healthy.</summary>
    public double AdditiveIncrease { get; init; } = 5;

    /// <summary>
    /// The share of the rate added per <see cref="IncreaseInterval"/> while the sale is healthy,
    /// when that is more than <see cref="AdditiveIncrease"/>. A cut halves the rate in one step;
    /// climbing back by a fixed 5 fans/s every 2 s took a stadium sale cut from 270 to 135 fans/s
    /// nearly a minute, with fans waiting and the machine a third idle. A tenth of the rate climbs
    /// back in about 15 s, and still probes in steps small against the rate. 0 keeps the fixed step.
    /// </summary>
    public double IncreaseShare { get; init; } = 0.1;

    /// <summary>
    /// Until the first cut, each raise multiplies the rate by this instead of adding
    /// <see cref="AdditiveIncrease"/> (TCP's slow start). An on-sale opens with its whole pre-queue
    /// waiting: adding 5 fans/s every 2 s would take minutes to reach the rate the machine serves,
    /// and every second of that ramp is a second the sale is not selling. The first breach, or a p99
    /// past <see cref="SlowStartExitShare"/> of the mark, ends the ramp: from then on the loop probes
    /// upwards gently. 1 turns it off.
    /// </summary>
    public double SlowStartFactor { get; init; } = 2;

    /// <summary>The rate is multiplied by this when a target is passed.</summary>
    public double DecreaseFactor { get; init; } = 0.5;

    /// <summary>
    /// The rate rises at most once per interval: the fans admitted by one raise need time to reach
    /// the seat map and show up in the p99 before the next raise is justified.
    /// </summary>
    public TimeSpan IncreaseInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a cut, the rate is not cut again for this long: the p99 of the next samples still
    /// includes the requests that caused the first cut, and counting them again would crash the
    /// rate. The default is the whole latency window (<see cref="SaleLatencyMonitor.Window"/>):
    /// with a shorter one, a single slow second was cut for once per tick while it stayed in the
    /// window, and a flash sale fell from 55 to 3 fans/s in four ticks and took half a minute to climb back.
    /// </summary>
    public TimeSpan DecreaseCooldown { get; init; } = SaleLatencyMonitor.Window;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TargetP99, TimeSpan.Zero, nameof(TargetP99));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TargetRedisScriptTimePerSecond, TimeSpan.Zero, nameof(TargetRedisScriptTimePerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinRate, 0, nameof(MinRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRate, MinRate, nameof(InitialRate));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AdditiveIncrease, 0, nameof(AdditiveIncrease));
        if (IncreaseShare is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IncreaseShare), IncreaseShare, "must be at least 0 and below 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SlowStartFactor, 1, nameof(SlowStartFactor));
        if (TargetShare is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TargetShare), TargetShare, "must be above 0 and at most 1");
        }

        if (SlowStartExitShare is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowStartExitShare), SlowStartExitShare, "must be above 0 and at most 1");
        }
        if (DecreaseFactor is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DecreaseFactor), DecreaseFactor, "must be between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IncreaseInterval, TimeSpan.Zero, nameof(IncreaseInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecreaseCooldown, TimeSpan.Zero, nameof(DecreaseCooldown));
    }
}

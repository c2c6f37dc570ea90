namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>
/// The closed loop behind a room's admission rate (slow start, then additive increase and
/// multiplicative decrease, as TCP paces a link): while the hold and commit p99 stay under their
/// held share of the target and Redis's script time under its own, the rate rises once per
/// interval, by a factor until the first cut (or until the p99 nears the mark) and by a fixed step
/// after it; when one passes, the rate is cut by a factor at once. The room's caps bound it: never
/// above <c>admit_per_second</c>, and no raise while the sale holds <c>max_active</c> fans, nor
/// while fewer fans wait than the rate already admits.
/// <see cref="Due"/> turns the rate into how many fans to admit on each tick. Pure: no I/O, time from the <see cref="TimeProvider"/>. Its whole
/// state is <see cref="State"/>: the admission loop stores it after each tick and makes the next
/// tick's controller from it, on whichever process runs that tick. Not thread-safe (the admission
/// job runs once per tick).
/// </summary>
public sealed class AdmissionController
{
    private readonly AdmissionControlSettings _settings;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastRaise = DateTimeOffset.MinValue;
    private DateTimeOffset _lastCut = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastDue;
    private double _credit;

    /// <summary>Starts at <see cref="AdmissionControlSettings.InitialRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public AdmissionController(AdmissionControlSettings settings, TimeProvider time)
        : this(settings, time, null)
    {
    }

    /// <summary>Continues from <paramref name="state"/> (an earlier tick's <see cref="State"/>), or starts afresh when null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public AdmissionController(AdmissionControlSettings settings, TimeProvider time, AdmissionControllerState? state)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        _settings = settings;
        _time = time;
        Current = state?.Current ?? new AdmissionRate(settings.InitialRate, AdmissionReason.Starting, time.GetUtcNow());
        if (state is not null)
        {
            _lastRaise = state.LastRaise ?? DateTimeOffset.MinValue;
            _lastCut = state.LastCut ?? DateTimeOffset.MinValue;
            _lastDue = state.LastDue;
            _credit = state.Credit;
        }
    }

    /// <summary>Everything the next tick needs to continue this controller.</summary>
    public AdmissionControllerState State => new(
        Current,
        _lastRaise == DateTimeOffset.MinValue ? null : _lastRaise,
        _lastCut == DateTimeOffset.MinValue ? null : _lastCut,
        _lastDue,
        _credit);

    /// <summary>The hold and commit p99 this controller keeps the sale under.</summary>
    public TimeSpan TargetP99 => _settings.TargetP99;

    /// <summary>The rate now, with the reason of the last update.</summary>
    public AdmissionRate Current { get; private set; }

    /// <summary>Feeds one health sample and answers the new rate.</summary>
    public AdmissionRate Update(SaleHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var now = _time.GetUtcNow();
        var cap = Math.Max(health.AdmitPerSecond, _settings.MinRate);
        var rate = Math.Min(Current.RatePerSecond, cap);

        var breach = Breach(health);
        Current = breach is { } reason
            ? now - _lastCut < _settings.DecreaseCooldown
                ? new AdmissionRate(rate, AdmissionReason.Cooling, now)
                : Cut(rate, reason, now)
            : Raise(rate, cap, health, now);
        return Current;
    }

    /// <summary>
    /// How many fans to admit now: the rate times the time since the last call, carrying the
    /// fraction to the next call. The credit never exceeds one second of the rate, so a pause in
    /// ticking does not end in a burst.
    /// </summary>
    public int Due()
    {
        var now = _time.GetUtcNow();
        var elapsed = _lastDue is { } last ? (now - last).TotalSeconds : 0;
        _lastDue = now;
        _credit = Math.Min(_credit + (Current.RatePerSecond * Math.Max(elapsed, 0)), Math.Max(Current.RatePerSecond, 1));
        var due = (int)Math.Floor(_credit);
        _credit -= due;
        return due;
    }

    private TimeSpan HeldTarget => _settings.TargetP99 * _settings.TargetShare;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private AdmissionReason? Breach(SaleHealth health)
    {
        if (health.HoldP99 > HeldTarget)
        {
            return AdmissionReason.HoldLatencyOverTarget;
        }

        if (health.CommitP99 > HeldTarget)
        {
            return AdmissionReason.CommitLatencyOverTarget;
        }

        return health.RedisScriptTimePerSecond > _settings.TargetRedisScriptTimePerSecond ? AdmissionReason.RedisBusy : null;
    }

    private AdmissionRate Cut(double rate, AdmissionReason reason, DateTimeOffset now)
    {
        _lastCut = now;
        return new AdmissionRate(Math.Max(rate * _settings.DecreaseFactor, _settings.MinRate), reason, now);
    }

    private AdmissionRate Raise(double rate, double cap, SaleHealth health, DateTimeOffset now)
    {
        if (health.Active >= health.MaxActive)
        {
            return new AdmissionRate(rate, AdmissionReason.SaleFull, now);
        }

        if (rate >= cap)
        {
            return new AdmissionRate(cap, AdmissionReason.AtAdmitPerSecond, now);
        }

        // A rate nobody waits for measures nothing: the health it was judged by came from fewer
        // admissions than it allows. Raised anyway (a pre-queue's ticks before its open, a room whose
        // fans arrive slower than it admits) it would climb to the cap with nobody to take it and then
        // let the next crowd in at once. So it rises only while the queue holds admissions back, as
        // TCP grows its window only while the window limits what it sends.
        if (health.Waiting < rate)
        {
            return new AdmissionRate(rate, AdmissionReason.FewWaiting, now);
        }

        if (now - _lastRaise < _settings.IncreaseInterval)
        {
            return new AdmissionRate(rate, AdmissionReason.Steady, now);
        }

        _lastRaise = now;
        var slowStart = _lastCut == DateTimeOffset.MinValue
            && Max(health.HoldP99 ?? TimeSpan.Zero, health.CommitP99 ?? TimeSpan.Zero) < HeldTarget * _settings.SlowStartExitShare;
        var step = slowStart
            ? Math.Max(rate * _settings.SlowStartFactor, rate + _settings.AdditiveIncrease)
            : rate + Math.Max(_settings.AdditiveIncrease, rate * _settings.IncreaseShare);
        var raised = Math.Min(step, cap);
        return new AdmissionRate(raised, raised >= cap ? AdmissionReason.AtAdmitPerSecond : AdmissionReason.Healthy, now);
    }
}

/// <summary>An <see cref="AdmissionController"/>'s whole state between ticks.</summary>
/// <param name="Current">The rate and reason of the last update.</param>
/// <param name="LastRaise">When the rate last went up; null if never.</param>
/// <param name="LastCut">When the rate was last cut; null if never.</param>
/// <param name="LastDue">When <see cref="AdmissionController.Due"/> last ran; null if never.</param>
/// <param name="Credit">The fraction of a fan carried to the next <see cref="AdmissionController.Due"/>.</param>
public sealed record AdmissionControllerState(
    AdmissionRate Current, DateTimeOffset? LastRaise, DateTimeOffset? LastCut, DateTimeOffset? LastDue, double Credit);

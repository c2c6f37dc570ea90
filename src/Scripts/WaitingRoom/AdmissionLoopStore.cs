using System.Globalization;
using StackExchange.Redis;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// The admission loop's state of one room: the rate and why, the controller's timers and the
/// fraction of a fan carried to the next tick. Kept next to the room so that consecutive ticks
/// continue the same loop on whichever process runs them.
/// </summary>
/// <param name="RatePerSecond">The admission rate the last tick set.</param>
/// <param name="Reason">Why (the loop's reason, by name).</param>
/// <param name="At">When the last tick set it (the loop's clock).</param>
/// <param name="LastRaise">When the rate last went up; null if never.</param>
/// <param name="LastCut">When the rate was last cut; null if never.</param>
/// <param name="LastDue">When the last tick turned the rate into fans to admit; null if never.</param>
/// <param name="Credit">The fraction of a fan carried to the next tick.</param>
/// <param name="TargetP99Ms">The latency target the loop ran under (a new target starts the loop afresh).</param>
public sealed record AdmissionLoopState(
    double RatePerSecond,
    string Reason,
    DateTimeOffset At,
    DateTimeOffset? LastRaise,
    DateTimeOffset? LastCut,
    DateTimeOffset? LastDue,
    double Credit,
    int TargetP99Ms);

/// <summary>One point of a room's admission-rate history.</summary>
/// <param name="At">When the tick set it.</param>
/// <param name="RatePerSecond">The rate it set.</param>
public sealed record AdmissionRatePoint(DateTimeOffset At, double RatePerSecond);

/// <summary>Where the admission loop keeps each room's state between ticks (maintenance callers only).</summary>
public interface IAdmissionLoopStore
{
    /// <summary>The room's loop state as the last tick left it; null before the first tick, or once it lapsed.</summary>
    Task<AdmissionLoopState?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the tick's state and appends its rate to the history, keeping the last
    /// <paramref name="historyLength"/> points; both in one transaction.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="historyLength"/> is below 1.</exception>
    Task SaveAsync(string eventId, AdmissionLoopState state, int historyLength, CancellationToken cancellationToken = default);

    /// <summary>The room's recent rates, oldest first.</summary>
    Task<IReadOnlyList<AdmissionRatePoint>> GetHistoryAsync(string eventId, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IAdmissionLoopStore"/> in two keys of the event's hash slot (<see cref="WaitingRoomKeys.Loop"/>,
/// <see cref="WaitingRoomKeys.LoopRates"/>), with plain typed commands: one tick writes them at a time
/// (the admission job never overlaps itself), so no script is needed to keep them consistent.
/// Both lapse after <see cref="Lifetime"/> without a tick: a room turned on again later starts
/// its loop afresh rather than from a rate measured under another load.
/// </summary>
public sealed class RedisAdmissionLoopStore(IConnectionMultiplexer redis) : IAdmissionLoopStore
{
    /// <summary>How long a room's loop state outlives its last tick.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Rate = "rate";
    private const string Reason = "reason";
    private const string At = "at";
    private const string LastRaise = "last_raise";
    private const string LastCut = "last_cut";
    private const string LastDue = "last_due";
    private const string Credit = "credit";
    private const string Target = "target_p99_ms";

    /// <inheritdoc />
    public async Task<AdmissionLoopState?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(WaitingRoomKeys.Loop(eventId)).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue(Rate, out var rate) || !fields.TryGetValue(At, out var at))
        {
            return null;
        }

        return new AdmissionLoopState(
            Number(rate), fields.GetValueOrDefault(Reason) ?? "", Time(at)!.Value,
            Time(fields.GetValueOrDefault(LastRaise)), Time(fields.GetValueOrDefault(LastCut)), Time(fields.GetValueOrDefault(LastDue)),
            Number(fields.GetValueOrDefault(Credit) ?? "0"), (int)Number(fields.GetValueOrDefault(Target) ?? "0"));
    }

    /// <inheritdoc />
    public async Task SaveAsync(string eventId, AdmissionLoopState state, int historyLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        var loop = WaitingRoomKeys.Loop(eventId);
        var rates = WaitingRoomKeys.LoopRates(eventId);
        var transaction = redis.GetDatabase().CreateTransaction();
        // A field never set (no raise yet) is deleted rather than written empty.
        _ = transaction.HashDeleteAsync(loop, [LastRaise, LastCut, LastDue]);
        _ = transaction.HashSetAsync(loop,
        [
            new(Rate, Text(state.RatePerSecond)), new(Reason, state.Reason), new(At, state.At.ToUnixTimeMilliseconds()),
            .. Optional(LastRaise, state.LastRaise), .. Optional(LastCut, state.LastCut), .. Optional(LastDue, state.LastDue),
            new(Credit, Text(state.Credit)), new(Target, state.TargetP99Ms),
        ]);
        _ = transaction.ListRightPushAsync(rates, $"{state.At.ToUnixTimeMilliseconds()} {Text(state.RatePerSecond)}");
        _ = transaction.ListTrimAsync(rates, -historyLength, -1);
        _ = transaction.KeyExpireAsync(loop, Lifetime);
        _ = transaction.KeyExpireAsync(rates, Lifetime);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AdmissionRatePoint>> GetHistoryAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var entries = await redis.GetDatabase().ListRangeAsync(WaitingRoomKeys.LoopRates(eventId)).ConfigureAwait(false);
        var points = new List<AdmissionRatePoint>(entries.Length);
        foreach (var entry in entries)
        {
            var parts = entry.ToString().Split(' ');
            if (parts.Length == 2)
            {
                points.Add(new AdmissionRatePoint(Time(parts[0])!.Value, Number(parts[1])));
            }
        }

        return points;
    }

    private static HashEntry[] Optional(string field, DateTimeOffset? value) =>
        value is { } time ? [new HashEntry(field, time.ToUnixTimeMilliseconds())] : [];

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string? unixMs) =>
        unixMs is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(unixMs, CultureInfo.InvariantCulture));
}

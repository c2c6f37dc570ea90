using System.Collections.Concurrent;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>What one admission tick did in one room.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Rate">The admission rate after this tick's health sample, with its reason.</param>
/// <param name="Admitted">Fans admitted this tick.</param>
/// <param name="Swept">Abandoned waiters and expired admissions removed this tick.</param>
/// <param name="Opened">Whether this tick opened the pre-queue.</param>
public sealed record AdmissionTick(string EventId, AdmissionRate Rate, int Admitted, int Swept, bool Opened);

/// <summary>
/// One admission tick over every room that is on, the body of the admission job: open a pre-queue
/// whose time has come (close, commit membership, reveal the seed, order), sweep abandoned waiters
/// and expired admissions, sample the sale's health, let the room's <see cref="AdmissionController"/>
/// set the rate, and admit what the rate makes due. The engine enforces both caps in the admitting
/// script itself, so a tick run twice never admits past them.
/// REVIEW: each process keeps its own controllers; when Hangfire runs consecutive ticks on
/// different processes, each resumes from its own last rate. Keeping the rate in the room's hash
/// would make the loop's state as shared as its schedule.
/// </summary>
public sealed class AdmissionLoop(
    WaitingRoomStore rooms, IWaitingRoom room, ISaleLatencySource latency, IRedisScriptClock redis, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, AdmissionController> _controllers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AdmissionTick> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<AdmissionRate>> _history = new(StringComparer.Ordinal);

    /// <summary>How many ticks of rate history each room keeps for the dashboard's chart (five minutes at one tick a second).</summary>
    public const int HistoryLength = 300;

    /// <summary>The last tick of each room, for the dashboard and metrics.</summary>
    public IReadOnlyDictionary<string, AdmissionTick> LastTicks => _last;

    /// <summary>The room's rate at each of the last <see cref="HistoryLength"/> ticks this process ran, oldest first.</summary>
    public IReadOnlyList<AdmissionRate> History(string eventId)
    {
        if (!_history.TryGetValue(eventId, out var history))
        {
            return [];
        }

        lock (history)
        {
            return [.. history];
        }
    }

    public async Task<IReadOnlyList<AdmissionTick>> TickAsync(CancellationToken cancellationToken)
    {
        var enabled = await rooms.ListEnabledAsync(cancellationToken).ConfigureAwait(false);
        if (enabled.Count == 0)
        {
            return [];
        }

        var sale = latency.Read();
        var scriptTime = await redis.ScriptTimePerSecondAsync(cancellationToken).ConfigureAwait(false);
        var ticks = new List<AdmissionTick>(enabled.Count);
        foreach (var settings in enabled)
        {
            var tick = await TickRoomAsync(settings, sale, scriptTime, cancellationToken).ConfigureAwait(false);
            if (tick is not null)
            {
                _last[tick.EventId] = tick;
                Remember(tick);
                ticks.Add(tick);
            }
        }

        return ticks;
    }

    private async Task<AdmissionTick?> TickRoomAsync(WaitingRoomRecord settings, SaleLatency sale, TimeSpan scriptTime, CancellationToken cancellationToken)
    {
        var eventId = settings.EventId.ToString("D");
        var opened = settings.OpensAt is { } opensAt && opensAt <= clock.GetUtcNow()
            && await room.OpenAsync(eventId, cancellationToken).ConfigureAwait(false) is OpenOutcome.Opened;
        var swept = await room.SweepAsync(eventId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (await room.GetStateAsync(eventId, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            // Redis lost the room (rebuilt from PostgreSQL): make it again from the stored settings.
            // Fans join again and queue FIFO; a pre-queue not yet opened gets a new seed and commitment.
            await room.ConfigureAsync(eventId, settings.ToEngine(), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var controller = ControllerFor(eventId, settings);
        var rate = controller.Update(new SaleHealth(sale.HoldP99, sale.CommitP99, scriptTime, state.Active, state.MaxActive, state.AdmitPerSecond));
        var due = controller.Due();
        var admitted = due > 0 && state.Phase == RoomPhase.Open && !state.Paused
            && await room.AdmitAsync(eventId, due, cancellationToken).ConfigureAwait(false) is AdmitOutcome.Admitted fans
            ? fans.Fans.Count
            : 0;
        return new AdmissionTick(eventId, rate, admitted, swept.AbandonedWaiters + swept.ExpiredAdmissions, opened);
    }

    private void Remember(AdmissionTick tick)
    {
        var history = _history.GetOrAdd(tick.EventId, _ => new Queue<AdmissionRate>(HistoryLength));
        lock (history)
        {
            history.Enqueue(tick.Rate);
            while (history.Count > HistoryLength)
            {
                history.Dequeue();
            }
        }
    }

    /// <summary>The room's controller, made again when the operator changes its latency target.</summary>
    private AdmissionController ControllerFor(string eventId, WaitingRoomRecord settings)
    {
        var target = TimeSpan.FromMilliseconds(settings.TargetP99Ms);
        return _controllers.AddOrUpdate(
            eventId,
            _ => new AdmissionController(new AdmissionControlSettings { TargetP99 = target }, clock),
            (_, existing) => existing.TargetP99 == target ? existing : new AdmissionController(new AdmissionControlSettings { TargetP99 = target }, clock));
    }
}

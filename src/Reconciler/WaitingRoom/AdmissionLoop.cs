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

/// <summary>A room's admission loop as the last tick on any process left it.</summary>
/// <param name="Rate">The rate it set, with its reason; null before the first tick.</param>
/// <param name="History">Its rate at each of the last <see cref="AdmissionLoop.HistoryLength"/> ticks, oldest first.</param>
public sealed record AdmissionLoopView(AdmissionRate? Rate, IReadOnlyList<AdmissionRatePoint> History);

/// <summary>
/// One admission tick over every room that is on, the body of the admission job: open a pre-queue
/// whose time has come (close, commit membership, reveal the seed, order), sweep abandoned waiters
/// and expired admissions, sample the sale's health, let the room's <see cref="AdmissionController"/>
/// set the rate, and admit what the rate makes due. The engine enforces both caps in the admitting
/// script itself, so a tick run twice never admits past them.
/// The controller's state lives in Redis next to the room (<see cref="IAdmissionLoopStore"/>): each
/// tick makes the controller from what the previous tick stored and stores it again, so when
/// Hangfire runs consecutive ticks on different processes they continue one loop. The admission
/// job never overlaps itself, so the read-then-write needs no lock.
/// </summary>
public sealed class AdmissionLoop(
    WaitingRoomStore rooms, IWaitingRoom room, IAdmissionLoopStore loops, ISaleLatencySource latency, IRedisScriptClock redis, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, AdmissionTick> _last = new(StringComparer.Ordinal);

    /// <summary>How many ticks of rate history each room keeps for the dashboard's chart (five minutes at one tick a second).</summary>
    public const int HistoryLength = 300;

    /// <summary>The last tick of each room that this process ran, for its own metrics (the shared state is <see cref="ReadAsync"/>).</summary>
    public IReadOnlyDictionary<string, AdmissionTick> LastTicks => _last;

    /// <summary>The room's loop as the last tick on any process left it.</summary>
    public async Task<AdmissionLoopView> ReadAsync(string eventId, CancellationToken cancellationToken)
    {
        var state = await loops.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        var history = await loops.GetHistoryAsync(eventId, cancellationToken).ConfigureAwait(false);
        return new AdmissionLoopView(state is null ? null : Restore(state).Current, history);
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

        var stored = await loops.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        var controller = new AdmissionController(
            new AdmissionControlSettings { TargetP99 = TimeSpan.FromMilliseconds(settings.TargetP99Ms) }, clock,
            // An operator's new latency target starts the loop afresh.
            stored is not null && stored.TargetP99Ms == settings.TargetP99Ms ? Restore(stored) : null);
        var admitting = state.Phase == RoomPhase.Open && !state.Paused;
        var rate = controller.Update(new SaleHealth(
            sale.HoldP99, sale.CommitP99, scriptTime, state.Active, state.MaxActive, state.AdmitPerSecond, admitting ? state.Waiting : 0));
        var due = controller.Due();
        var admitted = due > 0 && admitting
            && await room.AdmitAsync(eventId, due, cancellationToken).ConfigureAwait(false) is AdmitOutcome.Admitted fans
            ? fans.Fans.Count
            : 0;
        await loops.SaveAsync(eventId, Store(controller.State, settings.TargetP99Ms), HistoryLength, cancellationToken).ConfigureAwait(false);
        return new AdmissionTick(eventId, rate, admitted, swept.AbandonedWaiters + swept.ExpiredAdmissions, opened);
    }

    private static AdmissionControllerState Restore(AdmissionLoopState stored) => new(
        new AdmissionRate(stored.RatePerSecond, Enum.TryParse<AdmissionReason>(stored.Reason, out var reason) ? reason : AdmissionReason.Starting, stored.At),
        stored.LastRaise, stored.LastCut, stored.LastDue, stored.Credit);

    private static AdmissionLoopState Store(AdmissionControllerState state, int targetP99Ms) => new(
        state.Current.RatePerSecond, state.Current.Reason.ToString(), state.Current.At,
        state.LastRaise, state.LastCut, state.LastDue, state.Credit, targetP99Ms);
}

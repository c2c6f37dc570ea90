using FastEndpoints;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Admin;

public sealed record OpsDashboardResponse(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<EventOps> Events,
    double? OutboxOldestAgeSeconds,
    IReadOnlyList<JobRunView> Jobs,
    IReadOnlyList<AlarmView> Alarms,
    IReadOnlyList<RepairView> Repairs,
    IReadOnlyList<ReconciliationRunView> ReconciliationRuns,
    IReadOnlyList<WaitingRoomOps> WaitingRooms);

public sealed record EventOps(Guid Id, string Title, Availability? Availability, OutboxLag Outbox)
{
    /// <summary>The lifecycle status (draft, scheduled, on_sale, paused, closed, cancelled).</summary>
    public string Status { get; init; } = "";

    /// <summary>When a scheduled sale opens, for the dashboard's countdown.</summary>
    public DateTimeOffset? OpensAt { get; init; }
}

/// <summary>One waiting room on the dashboard: its counts, caps, the rate the admission loop set and why, and the ETA of the last fan.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Phase"><c>prequeue</c>, <c>closed</c> or <c>open</c>.</param>
/// <param name="Waiting">Fans in the queue.</param>
/// <param name="PreQueue">Fans in the pre-queue.</param>
/// <param name="Active">Admitted fans in the sale now.</param>
/// <param name="AdmittedTotal">Fans admitted since the room was made.</param>
/// <param name="MaxActive">The cap on active fans.</param>
/// <param name="AdmitPerSecond">The cap on admissions per second.</param>
/// <param name="Paused">Whether admission is paused.</param>
/// <param name="TargetP99Ms">The hold and commit p99 the loop keeps the sale under.</param>
/// <param name="MeasuredRate">Fans admitted per second over the last seconds, as this process measured them.</param>
/// <param name="Rate">The rate the closed loop set at its last tick, on whichever process ran it (null before the first).</param>
/// <param name="Reason">Why the rate is what it is (<c>healthy</c>, <c>hold_latency_over_target</c>, …).</param>
/// <param name="LastFanEtaSeconds">When the fan at the back of the queue is due, at the measured rate.</param>
/// <param name="RateHistory">The loop's rate over the last minutes, one point per tick, for the chart.</param>
public sealed record WaitingRoomOps(
    Guid EventId,
    string Phase,
    long Waiting,
    long PreQueue,
    long Active,
    long AdmittedTotal,
    int MaxActive,
    int AdmitPerSecond,
    bool Paused,
    int TargetP99Ms,
    double MeasuredRate,
    double? Rate,
    AdmissionReason? Reason,
    long? LastFanEtaSeconds,
    IReadOnlyList<RatePoint> RateHistory)
{
    public static WaitingRoomOps From(RoomView room, AdmissionLoopView loop)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(loop);
        var state = room.State!;
        var last = loop.Rate;
        return new WaitingRoomOps(
            room.Settings.EventId, RoomPhases.Name(state.Phase), state.Waiting, state.PreQueue, state.Active, state.AdmittedTotal,
            state.MaxActive, state.AdmitPerSecond, state.Paused, room.Settings.TargetP99Ms, Math.Round(room.AdmissionRate, 2),
            last is null ? null : Math.Round(last.RatePerSecond, 2), last?.Reason, room.EstimatedWaitSeconds(state.Waiting),
            [.. loop.History.Select(point => new RatePoint(point.At, Math.Round(point.RatePerSecond, 2)))]);
    }
}

/// <summary>The admission rate at one tick.</summary>
public sealed record RatePoint(DateTimeOffset At, double Rate);

/// <summary>
/// <c>GET /api/v1/admin/ops</c>: everything the ops dashboard (<c>/ops</c>) shows in one read: the
/// live counters and outbox lag of each event on sale, the recurring jobs' last runs, oversell
/// alarms and the repairs reconciliation made.
/// </summary>
public sealed class GetOpsDashboard(IOpsQueries ops, IEventRepository events, EventReader reader, RoomBoard rooms, AdmissionLoop admission, TimeProvider clock)
    : EndpointWithoutRequest<OpsDashboardResponse>
{
    public override void Configure()
    {
        Get("/ops");
        Group<AdminGroup>();
        Summary(summary => summary.Summary = "Live counters, outbox lag, job runs, alarms and repairs for the ops dashboard");
    }

    public override async Task<OpsDashboardResponse> ExecuteAsync(CancellationToken ct)
    {
        var lags = await ops.OutboxLagAsync(ct).ConfigureAwait(false);
        var eventOps = new List<EventOps>(lags.Count);
        foreach (var lag in lags)
        {
            var record = await events.GetAsync(lag.EventId, ct).ConfigureAwait(false);
            if (record is not null)
            {
                var availability = await reader.AvailabilityAsync(record, ct).ConfigureAwait(false);
                eventOps.Add(new EventOps(record.Id, record.Title, availability, lag.Lag) { Status = record.Status, OpensAt = record.OpensAt });
            }
        }

        var waitingRooms = new List<WaitingRoomOps>();
        foreach (var room in rooms.Rooms.Where(room => room.State is not null))
        {
            waitingRooms.Add(WaitingRoomOps.From(room, await admission.ReadAsync(room.Settings.EventId.ToString("D"), ct).ConfigureAwait(false)));
        }

        var now = clock.GetUtcNow();
        var oldest = lags.Select(lag => lag.Lag.OldestUnacknowledgedAt).Where(at => at is not null).Min();
        return new OpsDashboardResponse(
            now,
            eventOps,
            oldest is { } at ? (now - at).TotalSeconds : null,
            await ops.JobLastRunsAsync(ct).ConfigureAwait(false),
            await ops.RecentAlarmsAsync(cancellationToken: ct).ConfigureAwait(false),
            await ops.RecentRepairsAsync(cancellationToken: ct).ConfigureAwait(false),
            await ops.RecentRunsAsync(cancellationToken: ct).ConfigureAwait(false),
            waitingRooms);
    }
}

using FastEndpoints;
using Ticketing.Api.Features.Events;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
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
    IReadOnlyList<ReconciliationRunView> ReconciliationRuns);

public sealed record EventOps(Guid Id, string Title, Availability? Availability, OutboxLag Outbox);

/// <summary>
/// <c>GET /api/v1/admin/ops</c>: everything the ops dashboard (<c>/ops</c>) shows in one read: the
/// live counters and outbox lag of each event on sale, the recurring jobs' last runs, oversell
/// alarms and the repairs reconciliation made.
/// </summary>
public sealed class GetOpsDashboard(IOpsQueries ops, IEventRepository events, EventReader reader, TimeProvider clock)
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
                eventOps.Add(new EventOps(record.Id, record.Title, availability, lag.Lag));
            }
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
            await ops.RecentRunsAsync(cancellationToken: ct).ConfigureAwait(false));
    }
}

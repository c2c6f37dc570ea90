using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Features.Events;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Admin;

/// <summary>
/// <c>GET /api/v1/admin/ops</c>: everything the ops dashboard (<c>/ops</c>) shows in one read: the
/// live counters and outbox lag of each event on sale, the recurring jobs' last runs, oversell
/// alarms and the repairs reconciliation made.
/// </summary>
public static class GetOpsDashboard
{
    public sealed record Response(
        DateTimeOffset GeneratedAt,
        IReadOnlyList<EventOps> Events,
        double? OutboxOldestAgeSeconds,
        IReadOnlyList<JobRunView> Jobs,
        IReadOnlyList<AlarmView> Alarms,
        IReadOnlyList<RepairView> Repairs,
        IReadOnlyList<ReconciliationRunView> ReconciliationRuns);

    public sealed record EventOps(Guid Id, string Title, Availability? Availability, OutboxLag Outbox);

    public static void Map(RouteGroupBuilder admin) => admin.MapGet("/ops", HandleAsync)
        .WithName("GetOpsDashboard")
        .WithSummary("Live counters, outbox lag, job runs, alarms and repairs for the ops dashboard");

    public static async Task<Ok<Response>> HandleAsync(
        IOpsQueries ops, IEventRepository events, EventReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lags = await ops.OutboxLagAsync(cancellationToken).ConfigureAwait(false);
        var eventOps = new List<EventOps>(lags.Count);
        foreach (var lag in lags)
        {
            var record = await events.GetAsync(lag.EventId, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                var availability = await reader.AvailabilityAsync(record, cancellationToken).ConfigureAwait(false);
                eventOps.Add(new EventOps(record.Id, record.Title, availability, lag.Lag));
            }
        }

        var now = clock.GetUtcNow();
        var oldest = lags.Select(lag => lag.Lag.OldestUnacknowledgedAt).Where(at => at is not null).Min();
        return TypedResults.Ok(new Response(
            now,
            eventOps,
            oldest is { } at ? (now - at).TotalSeconds : null,
            await ops.JobLastRunsAsync(cancellationToken).ConfigureAwait(false),
            await ops.RecentAlarmsAsync(cancellationToken: cancellationToken).ConfigureAwait(false),
            await ops.RecentRepairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false),
            await ops.RecentRunsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)));
    }
}

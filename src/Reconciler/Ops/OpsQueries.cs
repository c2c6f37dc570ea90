using Microsoft.Extensions.Options;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Ops;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Ops;

/// <summary>The ops view: the records from PostgreSQL, the outbox lag from each on-sale event's stream in Redis.</summary>
public sealed class OpsQueries(
    OpsRecords records, IEventRepository events, IOrderOutbox outbox, IOptions<ReconcilerOptions> options) : IOpsQueries
{
    public Task<IReadOnlyList<AlarmView>> RecentAlarmsAsync(int limit = 50, CancellationToken cancellationToken = default) =>
        records.RecentAlarmsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<RepairView>> RecentRepairsAsync(int limit = 50, CancellationToken cancellationToken = default) =>
        records.RecentRepairsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<ReconciliationRunView>> RecentRunsAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        records.RecentRunsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<JobRunView>> JobLastRunsAsync(CancellationToken cancellationToken = default) =>
        records.JobLastRunsAsync(cancellationToken);

    public async Task<IReadOnlyList<EventOutboxLag>> OutboxLagAsync(CancellationToken cancellationToken = default)
    {
        var lags = new List<EventOutboxLag>();
        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            var lag = await outbox.GetLagAsync(eventId.ToString("D"), options.Value.Outbox.ConsumerGroup, cancellationToken).ConfigureAwait(false);
            lags.Add(new EventOutboxLag(eventId, lag));
        }

        return lags;
    }
}

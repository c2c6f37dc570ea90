using Microsoft.Extensions.Options;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Migrations;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Runs the outbox writer for as long as the process lives. The client multiplexes every command
/// on one socket and so never issues a blocking read (XREADGROUP BLOCK would stall the rest). So
/// instead of polling every stream every few milliseconds (an idle cost that grows with the
/// number of events on sale) the writer sleeps
/// until a commit wakes it (<see cref="OutboxWakeups"/>) and then drains just the woken events,
/// again at once while their batches come back full. Every
/// <see cref="OutboxWriterOptions.SafetyPollSeconds"/> it drains every on-sale event: the net
/// under lost wakes (a reconnect, a writer started after the commit, entries left pending by a
/// dead consumer), so such an order is late by at most that period, never lost.
/// </summary>
public sealed class OutboxWriterService(
    OutboxWriter writer,
    OutboxWakeups wakeups,
    IEventRepository events,
    SchemaState schema,
    IOptions<ReconcilerOptions> options,
    TimeProvider time,
    ILogger<OutboxWriterService> logger) : BackgroundService
{
    // Streams of different events are independent; a few in parallel keep PostgreSQL busy without flooding its connections.
    private const int ParallelEvents = 4;

    private readonly OutboxWriterOptions _options = options.Value.Outbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);

        // Listening starts before the first full pass: an order committed in between is read by
        // that pass or announced by a wake.
        await wakeups.SubscribeAsync().ConfigureAwait(false);
        logger.LogInformation("Outbox writer started as consumer {Consumer} of group {Group}", writer.Consumer, _options.ConsumerGroup);

        var safetyPoll = TimeSpan.FromSeconds(_options.SafetyPollSeconds);
        IReadOnlySet<Guid> onSale = new HashSet<Guid>();
        var refreshedAt = DateTimeOffset.MinValue;
        var nextFullPass = DateTimeOffset.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - refreshedAt >= TimeSpan.FromSeconds(_options.EventRefreshSeconds))
                {
                    onSale = (await events.ListOnSaleAsync(stoppingToken).ConfigureAwait(false)).ToHashSet();
                    refreshedAt = time.GetUtcNow();
                }

                // A full pass covers the woken events too. A wake for an event not on the list yet
                // (its sale opened since the last refresh) is left to the first full pass after
                // the refresh that lists it.
                var woken = wakeups.TakeWoken();
                IReadOnlyCollection<Guid> due = woken.Where(onSale.Contains).ToList();
                if (time.GetUtcNow() >= nextFullPass)
                {
                    due = onSale;
                    nextFullPass = time.GetUtcNow() + safetyPoll;
                }

                await DrainAsync(due, stoppingToken).ConfigureAwait(false);
                failures = 0;
                await wakeups.WaitAsync(nextFullPass - time.GetUtcNow(), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Redis or PostgreSQL is away. Nothing is lost: unacknowledged entries stay pending
                // and are claimed back once the stores answer again, and the wakes taken for this
                // pass are made good by a full pass as soon as the stores answer.
                failures++;
                nextFullPass = DateTimeOffset.MinValue;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(exception, "Outbox writer pass failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DrainAsync(IReadOnlyCollection<Guid> due, CancellationToken stoppingToken)
    {
        if (due.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ParallelEvents, CancellationToken = stoppingToken },
            async (eventId, token) =>
            {
                // A full pass of batches leaves more behind: wake the event again, so it is drained
                // at once but after the other woken events had their turn.
                if (writer.IsFullBatch(await writer.DrainEventAsync(eventId, token).ConfigureAwait(false)))
                {
                    wakeups.Wake(eventId);
                }
            }).ConfigureAwait(false);
    }
}

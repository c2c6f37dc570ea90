using Microsoft.Extensions.Options;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Persistence;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Runs the outbox writer for as long as the process lives: every on-sale event's stream in turn,
/// several events at once, without pause while there is work and polling every few milliseconds
/// when there is none (scripts cannot block on a stream, so the read is a poll).
/// </summary>
public sealed class OutboxWriterService(
    OutboxWriter writer,
    IEventRepository events,
    SchemaState schema,
    IOptions<ReconcilerOptions> options,
    ILogger<OutboxWriterService> logger) : BackgroundService
{
    // Streams of different events are independent; a few in parallel keep PostgreSQL busy without flooding its connections.
    private const int ParallelEvents = 4;

    private readonly OutboxWriterOptions _options = options.Value.Outbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);
        logger.LogInformation("Outbox writer started as consumer {Consumer} of group {Group}", writer.Consumer, _options.ConsumerGroup);

        IReadOnlyList<Guid> onSale = [];
        var refreshedAt = DateTime.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow - refreshedAt >= TimeSpan.FromSeconds(_options.EventRefreshSeconds))
                {
                    onSale = await events.ListOnSaleAsync(stoppingToken).ConfigureAwait(false);
                    refreshedAt = DateTime.UtcNow;
                }

                var moreWaiting = 0;
                await Parallel.ForEachAsync(onSale, new ParallelOptions { MaxDegreeOfParallelism = ParallelEvents, CancellationToken = stoppingToken },
                    async (eventId, token) =>
                    {
                        if (writer.IsFullBatch(await writer.DrainEventAsync(eventId, token).ConfigureAwait(false)))
                        {
                            Interlocked.Increment(ref moreWaiting);
                        }
                    }).ConfigureAwait(false);

                failures = 0;
                if (moreWaiting == 0)
                {
                    await Task.Delay(_options.PollIntervalMilliseconds, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Redis or PostgreSQL is away. Nothing is lost: unacknowledged entries stay pending
                // and are claimed back once the stores answer again.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(exception, "Outbox writer pass failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}

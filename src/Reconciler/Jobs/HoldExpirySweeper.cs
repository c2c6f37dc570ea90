using Ticketing.Persistence.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Releases expired holds of every on-sale event. Expiry is already lazy in the scripts (an
/// expired hold does not block the next one); the sweep makes seat maps and counters show it.
/// </summary>
public sealed class HoldExpirySweeper(IEventRepository events, IInventoryMaintenance engine, ILogger<HoldExpirySweeper> logger)
{
    /// <summary>Holds one script run ends: about 30 ms of Redis, which every other caller waits out.</summary>
    public const int BatchHolds = 500;

    /// <summary>The most batches one drain of one event runs (50,000 holds); the next sweep goes on from there.</summary>
    public const int MaxBatches = 100;

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await DrainAsync(eventId.ToString("D"), cancellationToken).ConfigureAwait(false);
            if (outcome.ExpiredHolds > 0)
            {
                logger.LogInformation("Expired {Holds} holds ({Seats} seats) of event {EventId}", outcome.ExpiredHolds, outcome.ReleasedSeats, eventId);
            }

            released += outcome.ReleasedSeats;
        }

        return released;
    }

    /// <summary>
    /// Ends the event's holds whose time has passed, <see cref="BatchHolds"/> per script run, until a
    /// run finds fewer. Holds made together fall due together: a sweep of one batch per run was
    /// still clearing 14,000 of them 41 s later, seats showing held all along, when a drift check
    /// ended the rest in one run and held Redis, and every event's sale with it, for about a second.
    /// </summary>
    public async Task<ExpireOutcome> DrainAsync(string eventId, CancellationToken cancellationToken)
    {
        var holds = 0;
        var seats = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var outcome = await engine.ExpireDueAsync(eventId, BatchHolds, cancellationToken).ConfigureAwait(false);
            holds += outcome.ExpiredHolds;
            seats += outcome.ReleasedSeats;
            if (outcome.ExpiredHolds < BatchHolds)
            {
                break;
            }
        }

        return new ExpireOutcome(holds, seats);
    }
}

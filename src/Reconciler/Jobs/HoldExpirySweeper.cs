using Ticketing.Persistence.Events;
using Ticketing.Scripts;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Releases expired holds of every on-sale event. Expiry is already lazy in the scripts (an
/// expired hold does not block the next one); the sweep makes seat maps and counters show it.
/// </summary>
public sealed class HoldExpirySweeper(IEventRepository events, IInventoryMaintenance engine, ILogger<HoldExpirySweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await engine.ExpireDueAsync(eventId.ToString("D"), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome.ExpiredHolds > 0)
            {
                logger.LogInformation("Expired {Holds} holds ({Seats} seats) of event {EventId}", outcome.ExpiredHolds, outcome.ReleasedSeats, eventId);
            }

            released += outcome.ReleasedSeats;
        }

        return released;
    }
}

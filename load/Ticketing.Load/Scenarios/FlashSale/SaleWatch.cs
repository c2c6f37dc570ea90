using System.Diagnostics;
using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// Ends the sale when every seat is sold. Buyers that find nothing to hold report it; at most one
/// read of the event's counters per <see cref="PollInterval"/> is made on behalf of all of them.
/// Sold out stops the run: no more arrivals, and journeys under way are cut short.
/// </summary>
public sealed class SaleWatch(TicketingClient client, string eventId, CancellationTokenSource stopSale)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly long PollIntervalTicks = (long)(PollInterval.TotalSeconds * Stopwatch.Frequency);

    private long _lastPoll = Stopwatch.GetTimestamp() - PollIntervalTicks;
    private AvailabilityBody? _last;

    public AvailabilityBody? LastSeen => Volatile.Read(ref _last);

    /// <summary>
    /// Called when a buyer found nothing to hold. The buyer then leaves without waiting: seats
    /// still held come back when their holds are released or expire, for buyers arriving later.
    /// </summary>
    public async Task NoSeatsFoundAsync(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastPoll);
        if (now - last < PollIntervalTicks || Interlocked.CompareExchange(ref _lastPoll, now, last) != last)
        {
            // Another buyer asked a moment ago, or is asking now.
            return;
        }

        var answer = await client.GetEventAsync(eventId, null, cancellationToken);
        if (answer.Body?.Availability is { } seen)
        {
            Volatile.Write(ref _last, seen);
        }

        if (LastSeen is { AvailableSeats: 0, HeldSeats: 0 })
        {
            await stopSale.CancelAsync();
        }
    }
}

using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// Tells virtual users whether the sale is over. Buyers that find no free seat ask; at most one
/// read of the event's counters per <see cref="PollInterval"/> is made on behalf of all of them.
/// </summary>
public sealed class SaleWatch(TicketingClient client, string eventId, CancellationTokenSource stopSale)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTime _lastPoll = DateTime.MinValue;
    private AvailabilityBody? _last;

    public AvailabilityBody? LastSeen => _last;

    /// <summary>
    /// Called when a buyer found nothing to hold. Ends the sale when every seat is sold; otherwise
    /// waits a moment, since held seats come back when their holds are released or expire.
    /// </summary>
    public async Task NoSeatsFoundAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (DateTime.UtcNow - _lastPoll >= PollInterval)
            {
                _lastPoll = DateTime.UtcNow;
                var answer = await client.GetEventAsync(eventId, null, cancellationToken);
                _last = answer.Body?.Availability ?? _last;
                if (_last is { AvailableSeats: 0, HeldSeats: 0 })
                {
                    await stopSale.CancelAsync();
                    return;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        await Task.Delay(PollInterval, cancellationToken);
    }
}

using System.Collections.Concurrent;
using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// The sale's confirmed orders, and when its sold seats first reached each of
/// <see cref="Milestones"/> of the hall. A sale's tail (the last lone seats, which few buyers
/// want) can last long after the hall is as good as full, so the time to sell out alone says
/// little about the pace of the sale.
/// </summary>
public sealed class SaleTally(int totalSeats, TimeProvider clock)
{
    /// <summary>The shares of the hall whose time is recorded.</summary>
    public static IReadOnlyList<double> Milestones => Shares;

    private static readonly double[] Shares = [0.5, 0.9, 0.99];

    private readonly ConcurrentBag<OrderResponse> _orders = [];
    private readonly DateTimeOffset?[] _reachedAt = new DateTimeOffset?[Milestones.Count];
    private int _soldSeats;

    public IReadOnlyCollection<OrderResponse> Orders => _orders;

    public void Confirm(OrderResponse order)
    {
        ArgumentNullException.ThrowIfNull(order);
        _orders.Add(order);
        var sold = Interlocked.Add(ref _soldSeats, order.Tickets.Count);
        var now = clock.GetUtcNow();
        lock (_reachedAt)
        {
            for (var i = 0; i < Milestones.Count; i++)
            {
                if (_reachedAt[i] is null && sold >= Milestones[i] * totalSeats)
                {
                    _reachedAt[i] = now;
                }
            }
        }
    }

    /// <summary>When the sold seats first reached <paramref name="share"/> (one of <see cref="Milestones"/>) of the hall; null if never.</summary>
    public DateTimeOffset? ReachedAt(double share)
    {
        var index = Array.IndexOf(Shares, share);
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(share));
        lock (_reachedAt)
        {
            return _reachedAt[index];
        }
    }
}

namespace Ticketing.Scripts.Pricing;

/// <summary>A seat's new price, in the event's currency (whole cents, not negative).</summary>
public sealed record SeatPrice(string SeatId, decimal Price);

/// <summary>What a change of seat prices did. Nothing changed unless <see cref="Repriced"/>.</summary>
public abstract record RepriceOutcome
{
    private RepriceOutcome()
    {
    }

    /// <summary>Every named seat has its new price, from the run that made <paramref name="Version"/> and <paramref name="PricesVersion"/> on.</summary>
    public sealed record Repriced(long Version, long PricesVersion) : RepriceOutcome;

    /// <summary>Some seats are in a live hold (held or paying) or sold: no price changed.</summary>
    public sealed record SeatsUnavailable(IReadOnlyList<string> SeatIds) : RepriceOutcome;

    /// <summary>Seat ids that are not in the event's layout.</summary>
    public sealed record UnknownSeats(IReadOnlyList<string> SeatIds) : RepriceOutcome;

    /// <summary>Seat ids named more than once.</summary>
    public sealed record DuplicateSeats(IReadOnlyList<string> SeatIds) : RepriceOutcome;

    /// <summary>The event is not loaded in Redis.</summary>
    public sealed record EventNotFound : RepriceOutcome;
}

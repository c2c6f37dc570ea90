namespace Ticketing.Scripts.Tickets;

/// <summary>What scanning a ticket at the gate did. Nothing changed unless <see cref="CheckedIn"/>.</summary>
public abstract record CheckInOutcome
{
    private CheckInOutcome()
    {
    }

    /// <summary>The ticket is admitted now, for the first time; <paramref name="HolderUserId"/> bought it.</summary>
    public sealed record CheckedIn(DateTimeOffset CheckedInAt, string HolderUserId) : CheckInOutcome;

    /// <summary>The ticket was admitted before, at <paramref name="CheckedInAt"/>.</summary>
    public sealed record AlreadyCheckedIn(DateTimeOffset CheckedInAt) : CheckInOutcome;

    /// <summary>The ticket was issued but refunded since: its seat is no longer its order's.</summary>
    public sealed record Refunded : CheckInOutcome;

    /// <summary>The event has no such ticket (its order names no ticket of that id and seat), or the event is not loaded.</summary>
    public sealed record UnknownTicket : CheckInOutcome;
}

/// <summary>A ticket as its signed payload names it: the gate admits it by these, never by what the scanner typed.</summary>
/// <param name="EventId">The event.</param>
/// <param name="TicketId">The ticket.</param>
/// <param name="OrderId">The order that bought it.</param>
/// <param name="SeatId">Its seat.</param>
public sealed record TicketRef(string EventId, string TicketId, string OrderId, string SeatId);

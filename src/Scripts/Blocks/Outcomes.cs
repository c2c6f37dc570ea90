namespace Ticketing.Scripts.Blocks;

/// <summary>What a seat block request did. Nothing changed unless <see cref="Blocked"/>.</summary>
public abstract record BlockOutcome
{
    private BlockOutcome()
    {
    }

    /// <summary>Every named seat is blocked, in the run that made <paramref name="Version"/>.</summary>
    public sealed record Blocked(string BlockId, long Version) : BlockOutcome;

    /// <summary>Some seats are in a live hold, sold or blocked already: nothing was blocked.</summary>
    public sealed record SeatsUnavailable(IReadOnlyList<string> SeatIds) : BlockOutcome;

    /// <summary>Seat ids that are not in the event's layout.</summary>
    public sealed record UnknownSeats(IReadOnlyList<string> SeatIds) : BlockOutcome;

    /// <summary>Seat ids named more than once.</summary>
    public sealed record DuplicateSeats(IReadOnlyList<string> SeatIds) : BlockOutcome;

    /// <summary>The event is not loaded in Redis.</summary>
    public sealed record EventNotFound : BlockOutcome;
}

/// <summary>What lifting a seat block did.</summary>
public abstract record UnblockOutcome
{
    private UnblockOutcome()
    {
    }

    /// <summary>The block is gone; <paramref name="SeatsReturned"/> seats are available again (those a repair had not sold meanwhile).</summary>
    public sealed record Unblocked(int SeatsReturned, long Version) : UnblockOutcome;

    /// <summary>No block of the event has this id (never made, or lifted already).</summary>
    public sealed record NotFound : UnblockOutcome;
}

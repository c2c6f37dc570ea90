namespace Ticketing.Scripts.Holds;

/// <summary>What a hold request did. Exactly one case applies; nothing changed unless <see cref="Held"/>.</summary>
public abstract record HoldOutcome
{
    private HoldOutcome()
    {
    }

    /// <summary>The seats are held. <paramref name="Replayed"/>: an earlier request with the same client id made this hold.</summary>
    public sealed record Held(HoldView Hold, bool Replayed) : HoldOutcome;

    /// <summary>Some seats are held or sold by others.</summary>
    public sealed record SeatsUnavailable(IReadOnlyList<string> SeatIds) : HoldOutcome;

    /// <summary>Best available found fewer matching seats than asked.</summary>
    public sealed record NotEnoughSeats(int Requested) : HoldOutcome;

    /// <summary>Seat ids that are not in the event's layout.</summary>
    public sealed record UnknownSeats(IReadOnlyList<string> SeatIds) : HoldOutcome;

    /// <summary>Seat ids named more than once.</summary>
    public sealed record DuplicateSeats(IReadOnlyList<string> SeatIds) : HoldOutcome;

    /// <summary>More seats than the event allows in one hold.</summary>
    public sealed record TooManySeats(int Requested, int Max) : HoldOutcome;

    /// <summary>The user's live holds and tickets plus this request exceed the event's per-user limit.</summary>
    public sealed record TicketLimitExceeded(int Limit, int AlreadyHeldOrOwned) : HoldOutcome;

    /// <summary>The TTL is outside 5..3600 seconds.</summary>
    public sealed record InvalidTtl(int TtlSeconds) : HoldOutcome;

    /// <summary>The event is not loaded in Redis.</summary>
    public sealed record EventNotFound : HoldOutcome;

    /// <summary>The hold named a waiting-room fan whose admission is not live (it ended, or expired).</summary>
    public sealed record NotAdmitted : HoldOutcome;

    /// <summary>
    /// The event takes no holds now: its lifecycle <paramref name="Status"/> is not on sale (a
    /// scheduled sale whose <paramref name="OpensAt"/> has not come yet by Redis' clock, a draft, a
    /// pause, a closed or cancelled sale).
    /// </summary>
    public sealed record NotOnSale(string Status, DateTimeOffset? OpensAt) : HoldOutcome;
}

/// <summary>What an extend request did.</summary>
public abstract record ExtendOutcome
{
    private ExtendOutcome()
    {
    }

    /// <summary>The hold now ends later.</summary>
    public sealed record Extended(HoldView Hold) : ExtendOutcome;

    /// <summary>The hold has used all its extensions.</summary>
    public sealed record NoExtensionsLeft(HoldView Hold) : ExtendOutcome;

    /// <summary>The hold had already expired.</summary>
    public sealed record Expired : ExtendOutcome;

    /// <summary>The hold was released, committed or is being paid for.</summary>
    public sealed record NotHeld(HoldStatus Status) : ExtendOutcome;

    /// <summary>No such hold for this user.</summary>
    public sealed record NotFound : ExtendOutcome;
}

/// <summary>What a release request did.</summary>
public abstract record ReleaseOutcome
{
    private ReleaseOutcome()
    {
    }

    /// <summary>The seats are available again (also when it was already released: release is idempotent).</summary>
    public sealed record Released : ReleaseOutcome;

    /// <summary>The hold had already expired.</summary>
    public sealed record Expired : ReleaseOutcome;

    /// <summary>The hold is committed or being paid for and cannot be released.</summary>
    public sealed record NotHeld(HoldStatus Status) : ReleaseOutcome;

    /// <summary>No such hold for this user.</summary>
    public sealed record NotFound : ReleaseOutcome;
}

/// <summary>What one expiry sweep of an event did.</summary>
/// <param name="ExpiredHolds">Holds released because their time had passed.</param>
/// <param name="ReleasedSeats">Seats those holds gave back.</param>
public sealed record ExpireOutcome(int ExpiredHolds, int ReleasedSeats);

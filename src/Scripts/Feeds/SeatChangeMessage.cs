namespace Ticketing.Scripts.Feeds;

/// <summary>
/// One change message of an event, as the scripts publish it and keep it in the change log:
/// <paramref name="Json"/> is <c>{"version":N,"changes":[{"seat_id":…,"status":…}]}</c>, passed on
/// to clients as it is, so fan-out never parses or re-serializes it.
/// </summary>
public sealed record SeatChangeMessage(long Version, string Json);

/// <summary>What the change log holds after a version.</summary>
public abstract record ChangeLogRead
{
    private ChangeLogRead()
    {
    }

    /// <summary>
    /// Every message after the asked version up to <paramref name="Version"/> (the event's version
    /// when read), consecutive and in order; empty when the reader is up to date.
    /// </summary>
    public sealed record Messages(long Version, IReadOnlyList<SeatChangeMessage> Items) : ChangeLogRead;

    /// <summary>
    /// The log cannot bring the reader to <paramref name="Version"/> without a hole (the asked
    /// version was trimmed away, or is ahead of the event after a reload): start again from a snapshot.
    /// </summary>
    public sealed record TooOld(long Version) : ChangeLogRead;

    /// <summary>The event is not loaded.</summary>
    public sealed record NoEvent : ChangeLogRead;
}

namespace Ticketing.Scripts.Lifecycle;

/// <summary>
/// What the hold scripts need of an event's lifecycle: its status and, when scheduled, the moment
/// the sale opens (compared with Redis' clock inside the scripts).
/// </summary>
/// <param name="Status">One of <see cref="SaleStatuses"/>.</param>
/// <param name="OpensAt">When a scheduled sale opens; ignored by the scripts in other statuses.</param>
public sealed record SaleState(string Status, DateTimeOffset? OpensAt = null)
{
    /// <summary>On sale now: what events created without lifecycle fields are.</summary>
    public static readonly SaleState OnSale = new(SaleStatuses.OnSale);

    /// <summary>Throws when the status is not a lifecycle word or a scheduled sale has no opening time.</summary>
    public void Validate()
    {
        if (!SaleStatuses.IsKnown(Status))
        {
            throw new ArgumentException($"'{Status}' is not an event status", nameof(Status));
        }

        if (Status == SaleStatuses.Scheduled && OpensAt is null)
        {
            throw new ArgumentException("a scheduled sale needs its opening time", nameof(OpensAt));
        }
    }

    /// <summary>The opening time as the scripts store it (Unix ms), or empty.</summary>
    internal StackExchange.Redis.RedisValue OpensAtArgument => OpensAt is { } at ? at.ToUnixTimeMilliseconds() : "";
}

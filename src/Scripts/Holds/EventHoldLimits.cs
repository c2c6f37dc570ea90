namespace Ticketing.Scripts.Holds;

/// <summary>An event's limits on new holds, as an admin may change them during the sale.</summary>
/// <param name="HoldTtlSeconds">Hold lifetime when a request names none (5..3600).</param>
/// <param name="MaxSeatsPerHold">Most seats one hold may take.</param>
/// <param name="MaxTicketsPerUser">Most seats one user may hold or own at once.</param>
public sealed record EventHoldLimits(int HoldTtlSeconds, int MaxSeatsPerHold, int MaxTicketsPerUser)
{
    /// <summary>Throws when a limit is out of range.</summary>
    public void Validate()
    {
        if (!HoldLimits.IsValidTtl(HoldTtlSeconds) || MaxSeatsPerHold < 1 || MaxTicketsPerUser < 1)
        {
            throw new ArgumentException($"hold ttl must be {HoldLimits.MinTtlSeconds}..{HoldLimits.MaxTtlSeconds} s and the limits positive");
        }
    }
}

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>An event's waiting-room settings, as an operator sets them.</summary>
/// <param name="MaxActive">The most admitted fans in the sale at once.</param>
/// <param name="AdmitPerSecond">The most fans admitted in any 1 s window.</param>
/// <param name="AdmissionTtl">How long an admission lasts unless it ends sooner (commit or release).</param>
/// <param name="AbandonAfter">A waiter not seen for this long loses the place (default 120 s).</param>
/// <param name="OpensAt">
/// When the pre-queue opens: fans who join before it are shuffled then; null for a room that is
/// FIFO from the start. Fixed by the first configuration (a room's phase never goes back).
/// </param>
/// <param name="Paused">No admissions while paused; fans may still join.</param>
public sealed record WaitingRoomSettings(
    int MaxActive,
    int AdmitPerSecond,
    TimeSpan AdmissionTtl,
    TimeSpan AbandonAfter,
    DateTimeOffset? OpensAt = null,
    bool Paused = false)
{
    /// <summary>The default <see cref="AbandonAfter"/>.</summary>
    public static readonly TimeSpan DefaultAbandonAfter = TimeSpan.FromSeconds(120);

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A cap is below 1, or a duration is under 1 s or over a day.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxActive, 1, nameof(MaxActive));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdmitPerSecond, 1, nameof(AdmitPerSecond));
        foreach (var (name, value) in new[] { (nameof(AdmissionTtl), AdmissionTtl), (nameof(AbandonAfter), AbandonAfter) })
        {
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(name, value, "must be between 1 second and 1 day");
            }
        }
    }
}

namespace Ticketing.Persistence.WaitingRooms;

/// <summary>An event's waiting-room settings as the operator last set them (table <c>waiting_rooms</c>).</summary>
/// <param name="EventId">The event.</param>
/// <param name="Enabled">Whether the room stands in front of the sale: joins open and reservations need an admission.</param>
/// <param name="AdmitPerSecond">The most fans admitted in any 1 s window.</param>
/// <param name="AdmissionTtlSeconds">How long an admission lasts.</param>
/// <param name="MaxActive">The most admitted fans in the sale at once.</param>
/// <param name="OpensAt">When the pre-queue opens; null for a room that is FIFO from the start.</param>
/// <param name="AbandonAfterSeconds">A waiter who stops polling for this long loses the place.</param>
/// <param name="TargetP99Ms">The hold and commit p99 the admission rate must keep the sale under.</param>
/// <param name="Paused">No admissions while paused.</param>
public sealed record WaitingRoomRecord(
    Guid EventId,
    bool Enabled,
    int AdmitPerSecond,
    int AdmissionTtlSeconds,
    int MaxActive,
    DateTimeOffset? OpensAt,
    int AbandonAfterSeconds,
    int TargetP99Ms,
    bool Paused);

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// An event's waiting room in Redis sorted sets: every operation that changes it is one run of one
/// Lua script, with time from Redis. A fan is named by a pseudonymous id
/// (<see cref="FairShuffle.PseudonymousId"/>): 1 to 64 printable ASCII characters, no spaces.
/// </summary>
public interface IWaitingRoom
{
    /// <summary>Creates or updates the room. The first call fixes whether it has a pre-queue and commits its seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    Task<RoomConfigured> ConfigureAsync(string eventId, WaitingRoomSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Joins the fan; joining again keeps the place (and marks the fan seen).</summary>
    /// <exception cref="ArgumentException">The fan id is malformed.</exception>
    Task<QueuePlace> JoinAsync(string eventId, string fanId, CancellationToken cancellationToken = default);

    /// <summary>Where the fan stands, O(log n); reads only.</summary>
    /// <exception cref="ArgumentException">The fan id is malformed.</exception>
    Task<QueuePlace> GetPlaceAsync(string eventId, string fanId, CancellationToken cancellationToken = default);

    /// <summary>Admits up to <paramref name="count"/> fans from the head of the queue, within both caps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 0.</exception>
    Task<AdmitOutcome> AdmitAsync(string eventId, int count, CancellationToken cancellationToken = default);

    /// <summary>Gives up the fan's place in the queue or the pre-queue.</summary>
    /// <exception cref="ArgumentException">The fan id is malformed.</exception>
    Task<LeaveOutcome> LeaveAsync(string eventId, string fanId, CancellationToken cancellationToken = default);

    /// <summary>Marks a batch of waiting fans as seen now, in short script runs sent together; answers how many were waiting.</summary>
    /// <exception cref="ArgumentException">A fan id is malformed.</exception>
    Task<int> TouchAsync(string eventId, IReadOnlyCollection<string> fanIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends expired admissions and removes waiters not seen for the abandon time, examining at most
    /// <paramref name="maxQueueNumbers"/> queue numbers (the next run goes on from there).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxQueueNumbers"/> is below 1.</exception>
    Task<SweepResult> SweepAsync(string eventId, int maxQueueNumbers = 10_000, CancellationToken cancellationToken = default);

    /// <summary>Ends the fan's admission (commit, release, or expiry seen by the caller), freeing its place under max_active.</summary>
    /// <exception cref="ArgumentException">The fan id is malformed.</exception>
    Task<bool> EndAdmissionAsync(string eventId, string fanId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the pre-queue once its time has come: closes it, commits its membership, reveals the
    /// seed and orders it by rank key. Safe to call from several processes and again after a crash.
    /// </summary>
    Task<OpenOutcome> OpenAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>The room at a glance (one short script, counts only); null when the event has no room.</summary>
    Task<RoomState?> GetStateAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The published fairness record, with the rank keys of queue numbers
    /// <paramref name="firstQueueNumber"/> .. + <paramref name="count"/> - 1; null when the event has no room.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range.</exception>
    Task<FairnessRecord?> GetFairnessAsync(string eventId, long firstQueueNumber = 1, int count = 1000, CancellationToken cancellationToken = default);
}

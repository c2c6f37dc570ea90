namespace Ticketing.Scripts.WaitingRoom;

/// <summary>The phase of a room: it only moves forward.</summary>
public enum RoomPhase
{
    /// <summary>Before <see cref="WaitingRoomSettings.OpensAt"/>: new fans enter the pre-queue.</summary>
    PreQueue,

    /// <summary>The pre-queue is closed and committed but not ordered yet; new fans queue behind it.</summary>
    Closed,

    /// <summary>The pre-queue (if any) is ordered; the queue is FIFO and admission runs.</summary>
    Open,
}

/// <summary>Where a fan stands, as a join or a position read answers it.</summary>
public abstract record QueuePlace
{
    private QueuePlace()
    {
    }

    /// <summary>In the queue. <paramref name="QueueNumber"/> never changes; <paramref name="Place"/> is 1 at the head.</summary>
    public sealed record Waiting(long QueueNumber, long Place) : QueuePlace;

    /// <summary>In the pre-queue of <paramref name="Size"/> fans; the place is drawn at the open.</summary>
    public sealed record PreQueue(long Size) : QueuePlace;

    /// <summary>Admitted to the sale until <paramref name="ExpiresAt"/>.</summary>
    public sealed record Admitted(DateTimeOffset ExpiresAt) : QueuePlace;

    /// <summary>Neither waiting nor admitted (never joined, left, abandoned, or the admission ended).</summary>
    public sealed record NotQueued : QueuePlace;

    /// <summary>The event has no waiting room.</summary>
    public sealed record NoRoom : QueuePlace;
}

/// <summary>Which bound stopped an admitting run from admitting more.</summary>
public enum AdmitLimit
{
    /// <summary>It admitted as many as asked.</summary>
    Requested,

    /// <summary><see cref="WaitingRoomSettings.MaxActive"/> admissions are live.</summary>
    MaxActive,

    /// <summary><see cref="WaitingRoomSettings.AdmitPerSecond"/> were admitted in the last second.</summary>
    AdmitPerSecond,

    /// <summary>Nobody is left waiting.</summary>
    QueueEmpty,
}

/// <summary>A fan moved from the queue to the sale.</summary>
public sealed record AdmittedFan(string FanId, long QueueNumber);

/// <summary>What an admitting run did.</summary>
public abstract record AdmitOutcome
{
    private AdmitOutcome()
    {
    }

    /// <summary>
    /// <paramref name="Fans"/> (possibly none) are admitted until <paramref name="ExpiresAt"/>, in
    /// queue order; <paramref name="Serving"/> is the last queue number admitted so far.
    /// </summary>
    public sealed record Admitted(IReadOnlyList<AdmittedFan> Fans, DateTimeOffset ExpiresAt, AdmitLimit Limit, long Serving) : AdmitOutcome;

    /// <summary>The room is paused.</summary>
    public sealed record Paused : AdmitOutcome;

    /// <summary>The pre-queue is not ordered yet: nobody may pass the fans it holds.</summary>
    public sealed record NotOpen : AdmitOutcome;

    /// <summary>The event has no waiting room.</summary>
    public sealed record NoRoom : AdmitOutcome;
}

/// <summary>What a leave did.</summary>
public enum LeaveOutcome
{
    /// <summary>The fan's place is given up.</summary>
    Left,

    /// <summary>The fan was not waiting.</summary>
    NotQueued,

    /// <summary>The pre-queue is being ordered (its membership is committed); try again in a moment.</summary>
    TryAgain,

    /// <summary>The event has no waiting room.</summary>
    NoRoom,
}

/// <summary>What one sweep run removed.</summary>
/// <param name="AbandonedWaiters">Waiters not seen for the abandon time, removed from the queue.</param>
/// <param name="ExpiredAdmissions">Admissions past their expiry, ended.</param>
/// <param name="NumbersExamined">Queue numbers the run looked at (the sweep resumes after them).</param>
public sealed record SweepResult(int AbandonedWaiters, int ExpiredAdmissions, int NumbersExamined);

/// <summary>What opening the pre-queue did.</summary>
public abstract record OpenOutcome
{
    private OpenOutcome()
    {
    }

    /// <summary>The pre-queue's <paramref name="Members"/> now hold queue numbers 1..n in rank-key order; the seed is revealed.</summary>
    public sealed record Opened(int Members) : OpenOutcome;

    /// <summary>The room was open already (no pre-queue, or another process opened it).</summary>
    public sealed record AlreadyOpen : OpenOutcome;

    /// <summary>The pre-queue stays open until <paramref name="OpensAt"/>.</summary>
    public sealed record NotYet(DateTimeOffset OpensAt) : OpenOutcome;

    /// <summary>The event has no waiting room.</summary>
    public sealed record NoRoom : OpenOutcome;
}

/// <summary>The room after a configuration.</summary>
/// <param name="Phase">The room's phase.</param>
/// <param name="SeedCommitment">SHA-256 of the pre-queue's secret seed (hex), published before the open; null without a pre-queue.</param>
public sealed record RoomConfigured(RoomPhase Phase, string? SeedCommitment);

/// <summary>The room at one instant of Redis time: what every Api process keeps in memory.</summary>
/// <param name="Phase">The room's phase.</param>
/// <param name="Serving">The last queue number admitted (the serving watermark); 0 before the first.</param>
/// <param name="NextQueueNumber">The number the next joining fan gets.</param>
/// <param name="Waiting">Fans in the queue (abandoned waiters drop out at the next sweep).</param>
/// <param name="PreQueue">Fans in the pre-queue.</param>
/// <param name="Active">Admissions live now (expired ones do not count).</param>
/// <param name="AdmittedTotal">Fans admitted since the room was made.</param>
/// <param name="AdmittedLastSecond">Fans admitted in the last 1000 ms.</param>
/// <param name="MaxActive">The cap on <paramref name="Active"/>.</param>
/// <param name="AdmitPerSecond">The cap on admissions in any 1 s window.</param>
/// <param name="Paused">Whether admission is paused.</param>
/// <param name="OpensAt">When the pre-queue opens; null without one.</param>
/// <param name="AdmissionTtl">How long an admission lasts.</param>
/// <param name="AbandonAfter">How long a waiter may go unseen.</param>
/// <param name="ReadAt">The Redis time of the read.</param>
public sealed record RoomState(
    RoomPhase Phase,
    long Serving,
    long NextQueueNumber,
    long Waiting,
    long PreQueue,
    long Active,
    long AdmittedTotal,
    long AdmittedLastSecond,
    int MaxActive,
    int AdmitPerSecond,
    bool Paused,
    DateTimeOffset? OpensAt,
    TimeSpan AdmissionTtl,
    TimeSpan AbandonAfter,
    DateTimeOffset ReadAt);

/// <summary>What the room publishes so anyone can check the pre-queue's order.</summary>
/// <param name="SeedCommitment">SHA-256 of the seed (hex), published when the pre-queue opened; null without a pre-queue.</param>
/// <param name="MembershipCommitment">SHA-256 over the pre-queue's members at its close (hex; see <see cref="FairShuffle"/>); null before the open.</param>
/// <param name="Seed">The seed (hex), revealed at the open; null before.</param>
/// <param name="RankKeys">The requested page of rank keys (hex), in queue order: the first is queue number <paramref name="FirstQueueNumber"/>.</param>
/// <param name="FirstQueueNumber">The queue number of the first rank key in <paramref name="RankKeys"/>.</param>
/// <param name="Members">How many fans the pre-queue ordered (0 before the open).</param>
public sealed record FairnessRecord(
    string? SeedCommitment,
    string? MembershipCommitment,
    string? Seed,
    IReadOnlyList<string> RankKeys,
    long FirstQueueNumber,
    long Members)
{
    /// <summary>How to recompute everything here (<see cref="FairShuffle.Recipe"/>).</summary>
    public string Recipe => FairShuffle.Recipe;
}

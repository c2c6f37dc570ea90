using System.ComponentModel.DataAnnotations;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>How each Api process serves the waiting room (section <c>WaitingRoom</c>).</summary>
public sealed class WaitingRoomOptions
{
    public const string Section = "WaitingRoom";

    /// <summary>
    /// How often the process reads each open room's state from Redis (one short script per room):
    /// polls are answered from that copy, so it bounds how stale a fan's position can be.
    /// </summary>
    [Range(10, 10_000)]
    public int RefreshMilliseconds { get; set; } = 250;

    /// <summary>How often the process re-reads which rooms are on from PostgreSQL (other processes' admin changes).</summary>
    [Range(100, 60_000)]
    public int DirectoryRefreshMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How often the fans this process saw polling are marked seen in Redis, in one call per room.
    /// Far below the abandon time (120 s by default), so a polling fan is never swept.
    /// </summary>
    [Range(100, 60_000)]
    public int PresenceFlushMilliseconds { get; set; } = 5000;

    /// <summary>The shortest and longest pause a poll answer asks for, before jitter.</summary>
    [Range(1, 60)]
    public int MinPollAfterSeconds { get; set; } = 2;

    [Range(1, 300)]
    public int MaxPollAfterSeconds { get; set; } = 15;

    /// <summary>
    /// The pace, in polls per second over the whole room, at which a pre-queue's first looks after
    /// the open are spread: each of them draws the fan's number (a Redis call), and 40,000 fans told
    /// to come back within 4 s of the open made the sale's first seconds its slowest.
    /// </summary>
    [Range(100, 1_000_000)]
    public int OpenLooksPerSecond { get; set; } = 4000;

    /// <summary>How long a queue token stays valid; a fan who waits longer joins again (and keeps the place).</summary>
    [Range(60, 7 * 24 * 3600)]
    public int QueueTokenLifetimeSeconds { get; set; } = 24 * 3600;

    /// <summary>Joins one user may make per <see cref="JoinWindowSeconds"/> (joining again is safe, but each is a script run).</summary>
    [Range(1, 10_000)]
    public int JoinsPerUser { get; set; } = 10;

    /// <summary>Joins one client address may make per <see cref="JoinWindowSeconds"/>, whoever signs in from it.</summary>
    [Range(1, 1_000_000)]
    public int JoinsPerAddress { get; set; } = 100;

    [Range(1, 3600)]
    public int JoinWindowSeconds { get; set; } = 60;

    /// <summary>The admission rate is measured over this window (the ETA divides by it).</summary>
    [Range(1, 600)]
    public int RateWindowSeconds { get; set; } = 10;
}

using System.ComponentModel.DataAnnotations;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>Live seat feeds (<c>SeatFeeds</c> section): limits per connection and per caller.</summary>
public sealed class SeatFeedOptions
{
    public const string Section = "SeatFeeds";

    /// <summary>
    /// Open feeds (SSE and WebSocket together) per signed-in user. A buyer needs one per tab; the
    /// limit stops one account from holding thousands of sockets on a process.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxPerUser { get; init; } = 5;

    /// <summary>
    /// Open feeds per client address, signed in or not. Higher than per user because many fans can
    /// share one address (a venue's or a carrier's NAT).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPerAddress { get; init; } = 100;

    /// <summary>
    /// Messages a connection may have waiting to be written. A client that falls this far behind
    /// is sent a fresh snapshot instead of the backlog; it never slows the others, whose messages
    /// are written by their own loops.
    /// </summary>
    [Range(8, 100_000)]
    public int BufferMessages { get; init; } = 256;

    /// <summary>Times a connection may overflow its buffer within a minute before it is dropped (it reconnects and resumes).</summary>
    [Range(1, 100)]
    public int MaxResyncsPerMinute { get; init; } = 3;

    /// <summary>
    /// Seconds between heartbeats on an idle feed: SSE comment lines and WebSocket heartbeat
    /// frames, below the 30-60 s after which proxies and load balancers close quiet connections.
    /// </summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; init; } = 15;

    /// <summary>Most missed messages a resuming client is sent from the change log; further behind, it gets a snapshot (smaller by then).</summary>
    [Range(1, 1_000_000)]
    public int MaxCatchUpMessages { get; init; } = 2_000;
}

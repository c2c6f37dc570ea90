using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ticketing.Api.Security;

/// <summary>
/// Kestrel's limits against slow or greedy clients. Each is set here explicitly, so the documented value is the
/// one in force whatever Kestrel's own defaults become; any of them can be changed under <c>Kestrel:Limits</c>
/// (for example <c>Kestrel:Limits:RequestHeadersTimeout=00:00:05</c>).
/// </summary>
public static class ServerLimits
{
    /// <summary>A client must finish sending its request line and headers within this time, or the connection is closed.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Idle keep-alive connections are closed after this time.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Open connections per process, live seat feeds included: at the ~28 KB a feed connection costs (SCALING.md)
    /// this bounds their memory to about half a gigabyte. Beyond it Kestrel closes new connections at once.
    /// </summary>
    public const long MaxConcurrentConnections = 20_000;

    /// <summary>WebSocket connections per process (counted apart from <see cref="MaxConcurrentConnections"/> once upgraded).</summary>
    public const long MaxConcurrentUpgradedConnections = 10_000;

    /// <summary>Request header block size: a bearer token and the usual headers are far below it.</summary>
    public const int MaxRequestHeadersTotalSize = 16 * 1024;

    /// <summary>
    /// Slowest accepted upload, after a grace period: a body trickled in slower than this is cut off with 408, so
    /// a few sockets cannot pin request threads and buffers for minutes.
    /// </summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>Slowest accepted download of a pending write; a reader that stops reading is disconnected.</summary>
    public static readonly MinDataRate MinResponseDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    public static void Apply(KestrelServerOptions kestrel, IConfiguration configuration, long maxRequestBodyBytes)
    {
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = maxRequestBodyBytes;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConcurrentUpgradedConnections;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        limits.MinResponseDataRate = MinResponseDataRate;
        kestrel.AddServerHeader = false;
        // Configuration wins over the defaults above (an operator's or a test's own limits).
        configuration.GetSection("Kestrel:Limits").Bind(limits);
    }
}

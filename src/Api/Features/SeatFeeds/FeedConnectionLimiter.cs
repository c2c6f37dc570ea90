using Microsoft.Extensions.Options;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// Counts open feeds per signed-in user and per client address on this process, and refuses one
/// more past <see cref="SeatFeedOptions.MaxPerUser"/> or <see cref="SeatFeedOptions.MaxPerAddress"/>.
/// Per process: behind a load balancer a caller may hold the limit on each process, which bounds
/// what one caller costs any one of them.
/// </summary>
public sealed class FeedConnectionLimiter(IOptions<SeatFeedOptions> options)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A lease to dispose when the feed ends, or null when the caller is at a limit.</summary>
    public IDisposable? TryAcquire(string? userId, string address)
    {
        var keys = userId is null ? new[] { "a:" + address } : ["a:" + address, "u:" + userId];
        lock (_gate)
        {
            if (_open.GetValueOrDefault(keys[0]) >= options.Value.MaxPerAddress
                || (keys.Length > 1 && _open.GetValueOrDefault(keys[1]) >= options.Value.MaxPerUser))
            {
                return null;
            }

            foreach (var key in keys)
            {
                _open[key] = _open.GetValueOrDefault(key) + 1;
            }
        }

        return new Lease(this, keys);
    }

    private void Release(string[] keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (--_open[key] == 0)
                {
                    _open.Remove(key);
                }
            }
        }
    }

    private sealed class Lease(FeedConnectionLimiter limiter, string[] keys) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(keys);
            }
        }
    }
}

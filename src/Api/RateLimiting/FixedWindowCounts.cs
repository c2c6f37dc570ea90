using System.Collections.Concurrent;

namespace Ticketing.Api.RateLimiting;

/// <summary>
/// Fixed-window budgets for any number of keys at a constant cost a call: a window's counts live in
/// one dictionary that the next window replaces whole. System.Threading.RateLimiting's partitioned
/// limiter keeps a limiter per key and visits every one of them ten times a second under a single
/// lock: work that grows with every fan who joined in the last minute. In a profile of 80,000 new
/// fans joining, that walk was already the largest single function (5.5 % of the Api's samples);
/// at two million it would be the Api's whole budget. Here a key costs one dictionary entry until
/// its window ends, and nothing ever visits it.
/// </summary>
public sealed class FixedWindowCounts(int permits, TimeSpan window, TimeProvider clock)
{
    private Window _current = new(DateTimeOffset.MinValue);

    /// <summary>Takes one permit for <paramref name="key"/>; when none is left, false, with the time until the window ends.</summary>
    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (now >= current.EndsAt)
        {
            // The first call after a window's end starts the next; a quiet spell starts none.
            var next = new Window(now + window);
            var seen = Interlocked.CompareExchange(ref _current, next, current);
            current = ReferenceEquals(seen, current) ? next : seen;
        }

        var taken = current.Counts.AddOrUpdate(key, 1, static (_, count) => count + 1);
        retryAfter = taken <= permits ? TimeSpan.Zero : current.EndsAt - now;
        return taken <= permits;
    }

    private sealed class Window(DateTimeOffset endsAt)
    {
        public DateTimeOffset EndsAt { get; } = endsAt;

        public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    }
}

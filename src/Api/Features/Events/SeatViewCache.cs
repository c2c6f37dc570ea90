using System.Collections.Concurrent;
using Ticketing.Scripts;

namespace Ticketing.Api.Features.Events;

/// <summary>The views of an event's seats that are cached, each built from one status read.</summary>
public enum SeatView
{
    /// <summary>The full seat map (<c>/seatmap</c>, and the feeds' snapshots).</summary>
    SeatMap,

    /// <summary>One status letter per seat in layout order (<c>/seat-status</c>).</summary>
    Status,

    /// <summary>Sections, rows and prices (<c>/layout</c>): current while the event's prices version has not moved.</summary>
    Layout,
}

/// <summary>
/// Serialized seat views per event, served only while they are current: every read first asks
/// Redis for the event's version (one HGET; the layout asks for its prices version) and answers the cached body when it was built at
/// that version or later. A change whose call has answered has bumped the version before the
/// read began, so a reader always sees its own writes, and thousands of readers of an unchanged
/// event share one body. When the version moved, one build runs per process, however many
/// readers wait for it.
/// </summary>
public sealed class SeatViewCache(IInventoryReader engine)
{
    private readonly ConcurrentDictionary<(string EventId, SeatView View), Lazy<Task<CachedSeatView?>>> _entries = new();

    /// <summary>The view, at least as new as the event's version when called; null when <paramref name="build"/> finds no such event.</summary>
    public async Task<CachedSeatView?> GetAsync(string eventId, SeatView view, Func<Task<CachedSeatView?>> build)
    {
        var key = (eventId, view);
        var wanted = view == SeatView.Layout
            ? await engine.GetPricesVersionAsync(eventId).ConfigureAwait(false)
            : await engine.GetVersionAsync(eventId).ConfigureAwait(false);
        var seen = _entries.GetOrAdd(key, _ => new(build));
        var cached = await ReadAsync(key, seen).ConfigureAwait(false);
        if (cached is null || wanted is null || cached.Version >= wanted)
        {
            return cached;
        }

        // Stale: this reader replaces the entry, unless another reader already did (then it shares theirs).
        var fresh = new Lazy<Task<CachedSeatView?>>(build);
        var current = _entries.AddOrUpdate(key, fresh, (_, existing) => ReferenceEquals(existing, seen) ? fresh : existing);
        cached = await ReadAsync(key, current).ConfigureAwait(false);
        // Someone else's build may have read Redis before this reader's version: then build uncached.
        return cached is null || cached.Version >= wanted ? cached : await build().ConfigureAwait(false);
    }

    private async Task<CachedSeatView?> ReadAsync((string, SeatView) key, Lazy<Task<CachedSeatView?>> entry)
    {
        try
        {
            var cached = await entry.Value.ConfigureAwait(false);
            if (cached is null)
            {
                // Unknown events are not remembered: one created a moment later is found at once.
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }

            return cached;
        }
        catch
        {
            // A failed build is not kept: the next reader tries again.
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}

/// <summary>
/// A seat view ready to send: the version it was read at and its JSON. Its ETag is the version,
/// or <paramref name="ContentTag"/> when given (the layout's, a hash of the body, stays valid across rebuilds of Redis).
/// </summary>
public sealed record CachedSeatView(long Version, byte[] Json, string? ContentTag = null)
{
    public string ETag => ContentTag ?? $"\"{Version}\"";
}

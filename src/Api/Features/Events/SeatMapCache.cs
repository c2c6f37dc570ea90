using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Ticketing.Api.Features.Events;

/// <summary>Seat map caching (<c>SeatMaps</c> section).</summary>
public sealed class SeatMapOptions
{
    public const string Section = "SeatMaps";

    /// <summary>
    /// How long one seat map serves every reader of an event (0 turns the cache off). Reading
    /// the map costs Redis one read of the event's status string (one byte per seat), and
    /// building its JSON costs the Api more; during an on-sale thousands of fans poll the same
    /// map, so each Api process builds it at most once per event per window. A quarter second
    /// of staleness is invisible on a map, and the answer carries its version.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000)]
    public int CacheMilliseconds { get; init; } = 250;
}

/// <summary>
/// The serialized seat map of each event, built by at most one request at a time and reused
/// for <see cref="SeatMapOptions.CacheMilliseconds"/>.
/// </summary>
public sealed class SeatMapCache(IOptions<SeatMapOptions> options, IOptions<JsonOptions> json, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _window = TimeSpan.FromMilliseconds(options.Value.CacheMilliseconds);

    /// <summary>The event's seat map as JSON with its version, or null when <paramref name="build"/> finds no such event.</summary>
    public async Task<CachedSeatMap?> GetAsync(string eventId, Func<Task<SeatMapResponse?>> build)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            eventId,
            _ => new Entry(now, Serialize(build)),
            (_, existing) => existing.IsStale(now, _window) ? new Entry(now, Serialize(build)) : existing);

        var seatMap = await entry.SeatMap.Value.ConfigureAwait(false);
        if (seatMap is null)
        {
            // Unknown events are not remembered: one created a moment later must be found at once.
            _entries.TryRemove(KeyValuePair.Create(eventId, entry));
        }

        return seatMap;
    }

    private Lazy<Task<CachedSeatMap?>> Serialize(Func<Task<SeatMapResponse?>> build) => new(async () =>
    {
        var response = await build().ConfigureAwait(false);
        return response is null
            ? null
            : new CachedSeatMap(response.Version, JsonSerializer.SerializeToUtf8Bytes(response, json.Value.SerializerOptions));
    });

    // Lazy makes the build run once even when two racing requests both create an entry.
    private sealed record Entry(DateTimeOffset BuiltAt, Lazy<Task<CachedSeatMap?>> SeatMap)
    {
        public bool IsStale(DateTimeOffset now, TimeSpan window) =>
            now - BuiltAt >= window || (SeatMap.IsValueCreated && SeatMap.Value.IsFaulted);
    }
}

/// <summary>A seat map ready to send: its version (the ETag) and its JSON.</summary>
public sealed record CachedSeatMap(long Version, byte[] Json)
{
    public string ETag => $"\"{Version}\"";
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Lifecycle;

namespace Ticketing.Scripts.Layout;

/// <summary>
/// Loads layouts into Redis (load_event.lua) and reads them back for seat details. A loaded
/// layout never changes, so each process caches it after the first read.
/// </summary>
internal sealed class LayoutLoader(IConnectionMultiplexer redis, ScriptRunner runner)
{
    private readonly ConcurrentDictionary<string, LayoutIndex> _cache = new(StringComparer.Ordinal);

    // Reads in flight, one per event: the first burst of a sale would otherwise fetch the whole
    // layout (hundreds of kilobytes for a stadium) once per concurrent request.
    private readonly ConcurrentDictionary<string, Task<LayoutIndex?>> _reads = new(StringComparer.Ordinal);

    public async Task<bool> LoadAsync(EventLayout layout, SaleState sale)
    {
        Validate(layout);
        sale.Validate();
        var arguments = new List<RedisValue>
        {
            layout.Currency,
            layout.HoldTtlSeconds,
            layout.MaxSeatsPerHold,
            layout.MaxTicketsPerUser,
            layout.MaxExtensions,
            JsonSerializer.Serialize(layout),
            sale.Status,
            sale.OpensAtArgument,
        };
        foreach (var section in layout.Sections)
        {
            var cents = Money.ToCents(section.Price).ToString(CultureInfo.InvariantCulture);
            foreach (var row in section.Rows)
            {
                arguments.AddRange([section.Id, row.Id, row.Seats, cents]);
            }
        }

        var loaded = (long)await runner.RunAsync(EngineScripts.LoadEvent, layout.EventId, [.. arguments]).ConfigureAwait(false) == 1;
        await redis.GetDatabase().SetAddAsync(EventKeys.OnSaleEvents, layout.EventId).ConfigureAwait(false);
        return loaded;
    }

    public Task<bool> IsLoadedAsync(string eventId) => redis.GetDatabase().KeyExistsAsync(EventKeys.Meta(eventId));

    /// <summary>The event's layout, or null when it is not loaded.</summary>
    public async Task<LayoutIndex?> FindAsync(string eventId)
    {
        if (_cache.TryGetValue(eventId, out var cached))
        {
            return cached;
        }

        var read = _reads.GetOrAdd(eventId, ReadAsync);
        try
        {
            var index = await read.ConfigureAwait(false);
            return index is null ? null : _cache.GetOrAdd(eventId, index);
        }
        finally
        {
            // Not cached when absent, so an event loaded later is found by the next read.
            _reads.TryRemove(KeyValuePair.Create(eventId, read));
        }
    }

    private async Task<LayoutIndex?> ReadAsync(string eventId)
    {
        string? json = await redis.GetDatabase().StringGetAsync(EventKeys.Layout(eventId)).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var layout = JsonSerializer.Deserialize<EventLayout>(json)
            ?? throw new InventoryEngineException($"the layout of event {eventId} in Redis is unreadable");
        return new LayoutIndex(layout);
    }

    /// <summary>The layout of an event that must be loaded (a hold of it exists).</summary>
    public async Task<LayoutIndex> GetAsync(string eventId) =>
        await FindAsync(eventId).ConfigureAwait(false)
        ?? throw new InventoryEngineException($"event {eventId} has holds but no layout in Redis");

    private static void Validate(EventLayout layout)
    {
        if (!Guid.TryParseExact(layout.EventId, "D", out _))
        {
            throw new ArgumentException("the event id must be a GUID in its \"D\" form", nameof(layout));
        }

        if (layout.Sections.Count == 0 || layout.Sections.Any(section => section.Rows.Count == 0))
        {
            throw new ArgumentException("every event needs sections and every section rows", nameof(layout));
        }

        if (layout.Sections.SelectMany(section => section.Rows).Any(row => row.Seats < 1))
        {
            throw new ArgumentException("every row needs at least one seat", nameof(layout));
        }

        // Tabs separate the fields of the rows list that best-available reads.
        var ids = layout.Sections.Select(section => section.Id).Concat(layout.Sections.SelectMany(section => section.Rows.Select(row => row.Id)));
        if (ids.Any(id => id.Length == 0 || id.Contains('\t', StringComparison.Ordinal)))
        {
            throw new ArgumentException("section and row ids must be non-empty and free of tabs", nameof(layout));
        }

        var duplicate = layout.Seats().GroupBy(seat => seat.Id, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"seat id {duplicate.Key} occurs twice in the layout", nameof(layout));
        }

        if (!HoldLimits.IsValidTtl(layout.HoldTtlSeconds) || layout.MaxSeatsPerHold < 1 || layout.MaxTicketsPerUser < 1 || layout.MaxExtensions < 0)
        {
            throw new ArgumentException($"hold ttl must be {HoldLimits.MinTtlSeconds}..{HoldLimits.MaxTtlSeconds} s and the limits positive", nameof(layout));
        }

        foreach (var section in layout.Sections)
        {
            Money.ToCents(section.Price);
        }
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// The seat map, the compact status and the layout of an event, read from Redis at one version,
/// serialized once and shared through <see cref="SeatViewCache"/> by the seat-map routes and the
/// live feeds. Prices come from Redis (what the next hold pays), remembered per prices version.
/// </summary>
public sealed class SeatViews(EventReader reader, SeatViewCache cache, IOptions<JsonOptions> json)
{
    // The last prices read per event: a seat map rebuild re-reads them only when a reprice moved the prices version.
    private readonly ConcurrentDictionary<string, SeatPrices> _prices = new(StringComparer.Ordinal);

    /// <summary>The full seat map (<see cref="SeatMapResponse"/>) as JSON, or null for an unknown event.</summary>
    public Task<CachedSeatView?> SeatMapAsync(string eventId) =>
        // The build is shared by every request waiting on it, so one caller hanging up must not cancel it.
        cache.GetAsync(eventId, SeatView.SeatMap, () => BuildSeatMapAsync(eventId));

    /// <summary>The compact status (<see cref="SeatStatusResponse"/>) as JSON, or null for an unknown event.</summary>
    public Task<CachedSeatView?> StatusAsync(string eventId) =>
        cache.GetAsync(eventId, SeatView.Status, () => BuildStatusAsync(eventId));

    /// <summary>Either seat view by name (the feeds' snapshots take one or the other).</summary>
    public Task<CachedSeatView?> GetAsync(string eventId, SeatView view) => view switch
    {
        SeatView.SeatMap => SeatMapAsync(eventId),
        SeatView.Status => StatusAsync(eventId),
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
    };

    /// <summary>
    /// The layout (<see cref="LayoutResponse"/>) as JSON with its strong ETag (a hash of the body), rebuilt
    /// when the event's prices version moved; null for an unknown event.
    /// </summary>
    public Task<CachedSeatView?> LayoutAsync(string eventId) =>
        cache.GetAsync(eventId, SeatView.Layout, () => BuildLayoutAsync(eventId));

    private async Task<CachedSeatView?> BuildSeatMapAsync(string eventId)
    {
        // The map names sections and rows, which only the stored record carries.
        var record = await reader.GetAsync(eventId, CancellationToken.None).ConfigureAwait(false);
        var seats = record is null ? null : await reader.SeatStatusesAsync(record, CancellationToken.None).ConfigureAwait(false);
        // Read after the statuses: prices at least as new as the version the map carries.
        var prices = seats is null ? null : await PricesAsync(record!).ConfigureAwait(false);
        return prices is null ? null : Serialized(seats!.Version, ToSeatMap(record!, seats, prices));
    }

    private async Task<CachedSeatView?> BuildStatusAsync(string eventId)
    {
        // Redis alone: the status is rebuilt on every change of a sale, and needs no stored record.
        var seats = await reader.SeatStatusesAsync(eventId, CancellationToken.None).ConfigureAwait(false);
        return seats is null ? null : Serialized(seats.Version, ToStatus(seats));
    }

    private CachedSeatView Serialized<T>(long version, T body) =>
        new(version, JsonSerializer.SerializeToUtf8Bytes(body, json.Value.SerializerOptions));

    private async Task<SeatPrices?> PricesAsync(Persistence.Events.EventRecord record)
    {
        var eventId = record.Id.ToString("D");
        var known = _prices.GetValueOrDefault(eventId);
        var version = await reader.PricesVersionAsync(eventId).ConfigureAwait(false);
        if (known is not null && known.PricesVersion == version)
        {
            return known;
        }

        var prices = await reader.SeatPricesAsync(record, CancellationToken.None).ConfigureAwait(false);
        if (prices is not null)
        {
            _prices.AddOrUpdate(eventId, prices, (_, other) => other.PricesVersion > prices.PricesVersion ? other : prices);
        }

        return prices;
    }

    // The engine's status letters are the response's own (SeatStatusLetters): sent as read.
    private static SeatStatusResponse ToStatus(SeatStatusMap seats) =>
        new(Guid.Parse(seats.EventId), seats.Version, Encoding.ASCII.GetString(seats.Letters));

    private static SeatMapResponse ToSeatMap(Persistence.Events.EventRecord record, SeatStatusMap seats, SeatPrices prices)
    {
        // Redis carries the statuses and prices; the stored layout carries names and order.
        var status = seats.Seats.ToDictionary(seat => seat.Seat.Id, seat => seat.Status, StringComparer.Ordinal);
        var sections = record.Sections.Select(section => new SeatMapSection(section.Id, section.Name, section.Price,
        [
            .. section.Rows.Select(row => new SeatMapRow(row.Id,
            [
                .. Enumerable.Range(1, row.Seats).Select(number =>
                {
                    var seatId = SeatInfo.IdOf(section.Id, row.Id, number);
                    return new SeatMapSeat(seatId, number, status.GetValueOrDefault(seatId, SeatStatus.Available),
                        prices.Overrides.TryGetValue(seatId, out var price) ? price : null);
                }),
            ])),
        ]));
        return new SeatMapResponse(record.Id, seats.Version, [.. sections]);
    }

    private async Task<CachedSeatView?> BuildLayoutAsync(string eventId)
    {
        var record = await reader.GetAsync(eventId, CancellationToken.None).ConfigureAwait(false);
        var prices = record is null ? null : await reader.SeatPricesAsync(record, CancellationToken.None).ConfigureAwait(false);
        if (record is null || prices is null)
        {
            return null;
        }

        var layout = new LayoutResponse(record.Id, record.Currency, record.Sections.Sum(section => section.Rows.Sum(row => row.Seats)),
            [.. record.Sections.Select(section => new LayoutSection(section.Id, section.Name, section.Price,
                [.. section.Rows.Select(row => new LayoutRow(row.Id, row.Seats))]))],
            prices.Overrides.Count == 0 ? null : new SortedDictionary<string, decimal>(prices.Overrides.ToDictionary(), StringComparer.Ordinal));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(layout, json.Value.SerializerOptions);
        return new CachedSeatView(prices.PricesVersion, bytes,
            $"\"{Convert.ToBase64String(SHA256.HashData(bytes).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
    }
}

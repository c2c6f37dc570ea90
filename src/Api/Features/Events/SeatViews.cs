using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// The seat map and the compact status of an event, read from Redis at one version, serialized
/// once and shared through <see cref="SeatViewCache"/> by the seat-map routes and the live feeds.
/// </summary>
public sealed class SeatViews(EventReader reader, SeatViewCache cache, IOptions<JsonOptions> json)
{
    // Layouts do not change once an event exists, so each is built once per process.
    private readonly ConcurrentDictionary<string, Lazy<Task<LayoutBody?>>> _layouts = new(StringComparer.Ordinal);

    /// <summary>The full seat map (<see cref="SeatMapResponse"/>) as JSON, or null for an unknown event.</summary>
    public Task<CachedSeatView?> SeatMapAsync(string eventId) =>
        // The build is shared by every request waiting on it, so one caller hanging up must not cancel it.
        cache.GetAsync(eventId, SeatView.SeatMap, () => BuildAsync(eventId, ToSeatMap));

    /// <summary>The compact status (<see cref="SeatStatusResponse"/>) as JSON, or null for an unknown event.</summary>
    public Task<CachedSeatView?> StatusAsync(string eventId) =>
        cache.GetAsync(eventId, SeatView.Status, () => BuildAsync(eventId, ToStatus));

    /// <summary>Either view by name (the feeds' snapshots take one or the other).</summary>
    public Task<CachedSeatView?> GetAsync(string eventId, SeatView view) => view switch
    {
        SeatView.SeatMap => SeatMapAsync(eventId),
        SeatView.Status => StatusAsync(eventId),
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
    };

    private async Task<CachedSeatView?> BuildAsync<T>(string eventId, Func<Persistence.Events.EventRecord, SeatStatusMap, T> shape)
    {
        var record = await reader.GetAsync(eventId, CancellationToken.None).ConfigureAwait(false);
        var seats = record is null ? null : await reader.SeatStatusesAsync(record, CancellationToken.None).ConfigureAwait(false);
        return record is null || seats is null
            ? null
            : new CachedSeatView(seats.Version, JsonSerializer.SerializeToUtf8Bytes(shape(record, seats), json.Value.SerializerOptions));
    }

    private static SeatStatusResponse ToStatus(Persistence.Events.EventRecord record, SeatStatusMap seats) =>
        new(record.Id, seats.Version, string.Create(seats.Seats.Count, seats.Seats, static (letters, entries) =>
        {
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = SeatStatusResponse.LetterOf(entries[i].Status);
            }
        }));

    private static SeatMapResponse ToSeatMap(Persistence.Events.EventRecord record, SeatStatusMap seats)
    {
        // Redis carries the statuses; the stored layout carries names and order.
        var status = seats.Seats.ToDictionary(seat => seat.Seat.Id, seat => seat.Status, StringComparer.Ordinal);
        var sections = record.Sections.Select(section => new SeatMapSection(section.Id, section.Name, section.Price,
        [
            .. section.Rows.Select(row => new SeatMapRow(row.Id,
            [
                .. Enumerable.Range(1, row.Seats).Select(number =>
                {
                    var seatId = SeatInfo.IdOf(section.Id, row.Id, number);
                    return new SeatMapSeat(seatId, number, status.GetValueOrDefault(seatId, SeatStatus.Available));
                }),
            ])),
        ]));
        return new SeatMapResponse(record.Id, seats.Version, [.. sections]);
    }

    /// <summary>The layout (<see cref="LayoutResponse"/>) as JSON with its strong ETag, built once per event; null for an unknown event.</summary>
    public async Task<LayoutBody?> LayoutAsync(string eventId)
    {
        var entry = _layouts.GetOrAdd(eventId, _ => new(() => BuildLayoutAsync(eventId)));
        LayoutBody? body = null;
        try
        {
            body = await entry.Value.ConfigureAwait(false);
            return body;
        }
        finally
        {
            if (body is null)
            {
                // Unknown events and failed reads are not remembered.
                _layouts.TryRemove(KeyValuePair.Create(eventId, entry));
            }
        }
    }

    private async Task<LayoutBody?> BuildLayoutAsync(string eventId)
    {
        var record = await reader.GetAsync(eventId, CancellationToken.None).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var layout = new LayoutResponse(record.Id, record.Currency, record.Sections.Sum(section => section.Rows.Sum(row => row.Seats)),
            [.. record.Sections.Select(section => new LayoutSection(section.Id, section.Name, section.Price,
                [.. section.Rows.Select(row => new LayoutRow(row.Id, row.Seats))]))]);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(layout, json.Value.SerializerOptions);
        return new LayoutBody(bytes, $"\"{Convert.ToBase64String(SHA256.HashData(bytes).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
    }
}

/// <summary>The layout ready to send, with its strong ETag (a hash of the JSON).</summary>
public sealed record LayoutBody(byte[] Json, string ETag);

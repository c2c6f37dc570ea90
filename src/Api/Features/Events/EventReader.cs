using Ticketing.Api.Observability;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// Reads of an event's live state. An event (in any lifecycle status) whose keys are missing in Redis (a Redis that
/// lost its data) is loaded back from PostgreSQL on the spot rather than answered as unknown.
/// </summary>
public sealed class EventReader(IEventRepository events, IEventLoader loader, IInventoryReader engine)
{
    /// <summary>The event id in canonical form, or null when <paramref name="id"/> is not one (answered 404, nothing asked).</summary>
    public static string? Canonical(string id) => Guid.TryParse(id, out var guid) ? guid.ToString("D") : null;

    public Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken) =>
        events.GetAsync(Guid.Parse(eventId), cancellationToken);

    public Task<Availability?> AvailabilityAsync(EventRecord record, CancellationToken cancellationToken) =>
        ReadLiveAsync(record, "availability", engine.GetAvailabilityAsync, cancellationToken);

    /// <summary>The event's prices version (one HMGET), null when it is not loaded.</summary>
    public Task<long?> PricesVersionAsync(string eventId) => engine.GetPricesVersionAsync(eventId);

    /// <summary>The seats priced apart from their section, at the event's prices version.</summary>
    public Task<Scripts.Pricing.SeatPrices?> SeatPricesAsync(EventRecord record, CancellationToken cancellationToken) =>
        ReadLiveAsync(record, "seat_prices", engine.GetSeatPricesAsync, cancellationToken);

    /// <summary>Every seat's status at one version, read from the event's status string (one byte per seat).</summary>
    public Task<SeatStatusMap?> SeatStatusesAsync(EventRecord record, CancellationToken cancellationToken) =>
        ReadLiveAsync(record, "seat_statuses", engine.SeatStatusesAsync, cancellationToken);

    /// <summary>
    /// The same by id, for readers that need nothing else of the event: the stored record is read only when
    /// Redis does not know the event. Under a sale the status view is rebuilt on every change.
    /// </summary>
    public Task<SeatStatusMap?> SeatStatusesAsync(string eventId, CancellationToken cancellationToken) =>
        ReadLiveAsync(eventId, () => GetAsync(eventId, cancellationToken), "seat_statuses", engine.SeatStatusesAsync, cancellationToken);

    private Task<T?> ReadLiveAsync<T>(
        EventRecord record, string script, Func<string, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
        where T : class =>
        ReadLiveAsync(record.Id.ToString("D"), () => Task.FromResult<EventRecord?>(record), script, read, cancellationToken);

    private async Task<T?> ReadLiveAsync<T>(
        string eventId, Func<Task<EventRecord?>> stored, string script, Func<string, CancellationToken, Task<T?>> read,
        CancellationToken cancellationToken)
        where T : class
    {
        var live = await TracedAsync(script, eventId, read, cancellationToken).ConfigureAwait(false);
        if (live is not null)
        {
            return live;
        }

        if (await stored().ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false);
        return await TracedAsync(script, eventId, read, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> TracedAsync<T>(string script, string eventId, Func<string, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
        where T : class
    {
        using var span = EngineTracing.Start(script, eventId);
        return span.Answered(await read(eventId, cancellationToken).ConfigureAwait(false));
    }
}

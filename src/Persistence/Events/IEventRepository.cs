using Ticketing.Scripts.Layout;

namespace Ticketing.Persistence.Events;

/// <summary>Events and their layouts in PostgreSQL, the durable source the Redis state is built from.</summary>
public interface IEventRepository
{
    /// <summary>Stores the event, its sections and rows in one transaction, with status <c>on_sale</c>.</summary>
    Task<EventRecord> CreateAsync(NewEvent newEvent, CancellationToken cancellationToken = default);

    /// <summary>The event with its layout; null when unknown.</summary>
    Task<EventRecord?> GetAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>A page of events whose title or venue contains <paramref name="query"/> (all when null), soonest first.</summary>
    Task<EventPage> SearchAsync(string? query, int page, int limit, CancellationToken cancellationToken = default);

    /// <summary>Ids of every event on sale: the ones that must be present in Redis.</summary>
    Task<IReadOnlyList<Guid>> ListOnSaleAsync(CancellationToken cancellationToken = default);
}

/// <summary>An event to create.</summary>
public sealed record NewEvent(
    string Title,
    string Venue,
    DateTimeOffset StartsAt,
    string Currency,
    int HoldTtlSeconds,
    int MaxSeatsPerHold,
    int MaxTicketsPerUser,
    int MaxExtensions,
    IReadOnlyList<SectionLayout> Sections);

/// <summary>A stored event.</summary>
public sealed record EventRecord(
    Guid Id,
    string Title,
    string Venue,
    DateTimeOffset StartsAt,
    string Currency,
    int HoldTtlSeconds,
    int MaxSeatsPerHold,
    int MaxTicketsPerUser,
    int MaxExtensions,
    string Status,
    IReadOnlyList<SectionLayout> Sections)
{
    /// <summary>What the inventory engine needs to sell it.</summary>
    public EventLayout ToLayout() => new(
        Id.ToString("D"), Currency, HoldTtlSeconds, MaxSeatsPerHold, MaxTicketsPerUser, MaxExtensions, Sections);
}

/// <summary>One page of a search.</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Items, int Total);

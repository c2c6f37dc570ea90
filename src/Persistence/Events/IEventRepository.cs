using Ticketing.Scripts.Layout;

namespace Ticketing.Persistence.Events;

/// <summary>Events and their layouts in PostgreSQL, the durable source the Redis state is built from.</summary>
public interface IEventRepository
{
    /// <summary>Stores the event, its sections and rows in one transaction, in the status the new event names (<c>on_sale</c> by default).</summary>
    Task<EventRecord> CreateAsync(NewEvent newEvent, CancellationToken cancellationToken = default);

    /// <summary>The event with its layout; null when unknown.</summary>
    Task<EventRecord?> GetAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>A page of events whose title or venue contains <paramref name="query"/> (all when null), soonest first.</summary>
    Task<EventPage> SearchAsync(string? query, int page, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of every event that must be present in Redis, which is every event whatever its lifecycle
    /// status: a draft can be blocked, a scheduled sale opens by Redis' clock, a paused or closed one
    /// still has holds to sweep and orders to write.
    /// </summary>
    Task<IReadOnlyList<Guid>> ListOnSaleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an admin's change in one transaction. A status change must be a lifecycle move
    /// (<see cref="Scripts.Lifecycle.EventLifecycle"/>) from the status the row has when locked;
    /// a scheduled event must end up with an opening time.
    /// </summary>
    Task<EventUpdate> UpdateAsync(Guid eventId, EventChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Moves every scheduled event whose opening time has come to on sale; their ids.</summary>
    Task<IReadOnlyList<Guid>> OpenDueSalesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a seat block made in Redis, so a rebuild of Redis blocks its seats again.</summary>
    Task AddSeatBlockAsync(Guid eventId, string blockId, string reason, IReadOnlyList<string> seatIds, CancellationToken cancellationToken = default);

    /// <summary>Forgets a lifted seat block.</summary>
    Task RemoveSeatBlockAsync(Guid eventId, string blockId, CancellationToken cancellationToken = default);

    /// <summary>The event's seat blocks, oldest first.</summary>
    Task<IReadOnlyList<SeatBlockRecord>> ListSeatBlocksAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Records seat prices changed in Redis (a seat's latest price wins), so a rebuild of Redis prices them again.</summary>
    Task SetSeatPricesAsync(Guid eventId, IReadOnlyList<(string SeatId, decimal Price)> prices, CancellationToken cancellationToken = default);

    /// <summary>The event's seats priced apart from their section, with their latest price.</summary>
    Task<IReadOnlyList<(string SeatId, decimal Price)>> ListSeatPricesAsync(Guid eventId, CancellationToken cancellationToken = default);
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
    IReadOnlyList<SectionLayout> Sections)
{
    /// <summary>The lifecycle status it starts in: on sale, as events always were, unless asked otherwise.</summary>
    public string Status { get; init; } = EventStatuses.OnSale;

    /// <summary>When a scheduled sale opens.</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>Until when buyers may cancel their orders.</summary>
    public DateTimeOffset? RefundUntil { get; init; }
}

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
    /// <summary>When a scheduled sale opens (kept after it opened, for the record).</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>Until when buyers may cancel their orders.</summary>
    public DateTimeOffset? RefundUntil { get; init; }

    /// <summary>What the hold scripts need of its lifecycle.</summary>
    public Scripts.Lifecycle.SaleState Sale => new(Status, OpensAt);

    /// <summary>What the inventory engine needs to sell it.</summary>
    public EventLayout ToLayout() => new(
        Id.ToString("D"), Currency, HoldTtlSeconds, MaxSeatsPerHold, MaxTicketsPerUser, MaxExtensions, Sections);
}

/// <summary>An admin's change to an event: null fields stay as they are.</summary>
public sealed record EventChanges(
    string? Title = null,
    string? Venue = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? OpensAt = null,
    DateTimeOffset? RefundUntil = null,
    int? HoldTtlSeconds = null,
    int? MaxSeatsPerHold = null,
    int? MaxTicketsPerUser = null,
    string? Status = null);

/// <summary>What an update did.</summary>
public abstract record EventUpdate
{
    private EventUpdate()
    {
    }

    /// <summary>Stored; <paramref name="PreviousStatus"/> is the status it had before.</summary>
    public sealed record Updated(EventRecord Event, string PreviousStatus) : EventUpdate;

    /// <summary>No such event.</summary>
    public sealed record NotFound : EventUpdate;

    /// <summary>The lifecycle does not allow this move; nothing changed.</summary>
    public sealed record InvalidTransition(string From, string To) : EventUpdate;

    /// <summary>The event would be scheduled without an opening time; nothing changed.</summary>
    public sealed record OpensAtRequired : EventUpdate;
}

/// <summary>A seat block as stored.</summary>
public sealed record SeatBlockRecord(string BlockId, string Reason, IReadOnlyList<string> SeatIds, DateTimeOffset CreatedAt);

/// <summary>One page of a search.</summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Items, int Total);

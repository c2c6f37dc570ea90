using Ticketing.Persistence.Events;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary>An event as clients see it: its stored description, layout and live counters.</summary>
public sealed record EventResponse(
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
    IReadOnlyList<SectionBody> Sections,
    AvailabilityResponse? Availability)
{
    /// <summary>When a scheduled sale opens (kept once it has opened).</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>Until when buyers may cancel their orders.</summary>
    public DateTimeOffset? RefundUntil { get; init; }

    public static EventResponse From(EventRecord record, Availability? availability) => new(
        record.Id,
        record.Title,
        record.Venue,
        record.StartsAt,
        record.Currency,
        record.HoldTtlSeconds,
        record.MaxSeatsPerHold,
        record.MaxTicketsPerUser,
        record.MaxExtensions,
        record.Status,
        [.. record.Sections.Select(section => new SectionBody(
            section.Id, section.Name, section.Price, [.. section.Rows.Select(row => new RowBody(row.Id, row.Seats))]))],
        availability is null ? null : new AvailabilityResponse(
            availability.TotalSeats, availability.AvailableSeats, availability.HeldSeats, availability.SoldSeats, availability.BlockedSeats))
    {
        OpensAt = record.OpensAt,
        RefundUntil = record.RefundUntil,
    };
}

/// <summary>A priced block of rows, front row first; in requests and responses alike.</summary>
public sealed record SectionBody(string Id, string Name, decimal Price, IReadOnlyList<RowBody> Rows);

/// <summary>A row of seats numbered 1..<paramref name="Seats"/>.</summary>
public sealed record RowBody(string Id, int Seats);

/// <summary>Live seat counters from Redis: available + held + sold + blocked = total.</summary>
public sealed record AvailabilityResponse(int TotalSeats, int AvailableSeats, int HeldSeats, int SoldSeats, int BlockedSeats);

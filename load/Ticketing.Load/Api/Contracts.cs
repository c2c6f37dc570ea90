using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Load.Api;

// The subset of the HTTP contract (shared API.md) the load scenarios speak. snake_case on the wire.

public sealed record DevTokenRequest(string UserId, string Role);

public sealed record DevTokenResponse(string AccessToken);

public sealed record CreateEventRequest(
    string Title,
    string Venue,
    DateTimeOffset StartsAt,
    string Currency,
    int HoldTtlSeconds,
    int MaxSeatsPerHold,
    int MaxTicketsPerUser,
    IReadOnlyList<SectionLayout> Sections);

public sealed record SectionLayout(string Id, string Name, decimal Price, IReadOnlyList<RowLayout> Rows);

public sealed record RowLayout(string Id, int Seats);

public sealed record EventResponse(string Id, string? Title, AvailabilityBody? Availability);

public sealed record AvailabilityBody(int TotalSeats, int AvailableSeats, int HeldSeats, int SoldSeats);

public sealed record EventPage(IReadOnlyList<EventResponse> Data);

public sealed record SeatMapResponse(string EventId, long Version, IReadOnlyList<SeatMapSection> Sections);

public sealed record SeatMapSection(string Id, IReadOnlyList<SeatMapRow> Rows);

public sealed record SeatMapRow(string Id, IReadOnlyList<SeatMapSeat> Seats);

public sealed record SeatMapSeat(string Id, int Number, string Status);

public sealed record HoldRequest(
    string ClientReservationId,
    IReadOnlyList<string>? SeatIds,
    BestAvailableRequest? BestAvailable,
    int? TtlSeconds);

public sealed record BestAvailableRequest(int Quantity, string? SectionId, bool Adjacent);

public sealed record ReservationResponse(string ReservationId, IReadOnlyList<ReservedSeat> Seats, DateTimeOffset ExpiresAt);

public sealed record ReservedSeat(string Id);

public sealed record CommitRequest(string PaymentToken, string IdempotencyKey);

public sealed record OrderResponse(string OrderId, string ReservationId, IReadOnlyList<TicketBody> Tickets);

public sealed record TicketBody(string TicketId, string SeatId);

/// <summary>An admin's waiting-room settings (<c>PUT /api/v1/events/{id}/waiting-room</c>); the service picks the rate under the caps.</summary>
public sealed record RoomSettingsRequest(
    bool Enabled, int AdmitPerSecond, int MaxActive, int TargetP99Ms, bool? Paused = null, int? AdmissionTtlSeconds = null, DateTimeOffset? OpensAt = null);

/// <summary>What a join or a poll of the queue answers: <c>waiting</c>, <c>admitted</c> or <c>expired</c>.</summary>
public sealed record QueueAnswerBody(string Status, long? Position, int? PollAfterSeconds, string? QueueToken, string? AdmissionToken);

/// <summary>The ops dashboard's read (<c>GET /api/v1/admin/ops</c>), the waiting rooms only.</summary>
public sealed record OpsBody(IReadOnlyList<RoomOpsBody> WaitingRooms, IReadOnlyList<RepairBody>? Repairs, IReadOnlyList<AlarmBody>? Alarms);

/// <summary>One repair the reconciler made (<c>sold_in_postgres_only</c>, <c>stuck_hold_released</c>, …).</summary>
public sealed record RepairBody(string EventId, string Kind, string? SeatId, long? RunId = null);

/// <summary>One alarm (<c>oversell</c>: a ticket the unique constraint refused).</summary>
public sealed record AlarmBody(string Kind, string? EventId, string? SeatId);

/// <summary>The answer of <c>POST /api/v1/admin/reconcile</c>: one run and its repairs.</summary>
public sealed record ReconciliationBody(long RunId, int EventsChecked, IReadOnlyList<RepairBody> Repairs);

/// <summary>One room on the ops dashboard: the rate the admission loop set and why, and its history.</summary>
public sealed record RoomOpsBody(string EventId, long AdmittedTotal, double MeasuredRate, double? Rate, string? Reason, IReadOnlyList<RatePointBody> RateHistory);

public sealed record RatePointBody(DateTimeOffset At, double Rate);

/// <summary>RFC 9457 problem details with the contract's machine-readable fields.</summary>
public sealed record ProblemBody(int? Status, string? Error, string? Detail, IReadOnlyList<string>? UnavailableSeats);

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

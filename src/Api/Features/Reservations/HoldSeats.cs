using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.Api.Features.Reservations;

/// <summary>
/// <c>POST /api/v1/events/{eventId}/reservations</c>: hold named seats, or the best available
/// ones, all or nothing. Everything that can be judged without Redis is judged here, so a bad
/// request costs no script run and changes nothing.
/// </summary>
public static partial class HoldSeats
{
    /// <summary>Most seats one request may name, whatever the event allows (bounds the body and the script's work).</summary>
    public const int MaxSeatIdsPerRequest = 50;

    public sealed record Request(
        string? ClientReservationId = null,
        IReadOnlyList<string>? SeatIds = null,
        BestAvailable? BestAvailable = null,
        int? TtlSeconds = null);

    /// <summary>Let the engine choose: nearest the front first, side by side in one row when <paramref name="Adjacent"/>.</summary>
    public sealed record BestAvailable(int Quantity, string? SectionId = null, bool Adjacent = false);

    public static void Map(RouteGroupBuilder reservations) => reservations.MapPost("/events/{eventId}/reservations", HandleAsync)
        .RequireRateLimiting(RateLimitSetup.HoldsPolicy)
        .WithName("HoldSeats")
        .WithSummary("Hold seats (explicit ids or best available) until the hold expires")
        .WithDescription("Replaying the same client_reservation_id answers 200 with the first hold.")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>> HandleAsync(
        string eventId, Request request, HttpContext context, IInventorySales engine)
    {
        var id = EventReader.Canonical(eventId);
        if (id is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var shape = new RequestValidation()
            .Check((request.SeatIds is null) != (request.BestAvailable is null), "seat_ids", "send either seat_ids or best_available")
            .Check(request.SeatIds is null || request.SeatIds.Count > 0, "seat_ids", "at least one seat")
            .Check(request.BestAvailable is null || request.BestAvailable.Quantity >= 1, "best_available.quantity", "1 or more")
            .Check(request.BestAvailable?.SectionId is null || request.BestAvailable.SectionId.Length is >= 1 and <= 16, "best_available.section_id", "1 to 16 characters")
            .Check(request.ClientReservationId is null || request.ClientReservationId.Length is >= 1 and <= 100, "client_reservation_id", "1 to 100 characters");
        if (!shape.IsValid)
        {
            return shape.Problem(ApiErrors.InvalidRequest);
        }

        if (Precheck(request) is { } refused)
        {
            return OutcomeProblems.For(refused);
        }

        var userId = context.User.UserId();
        // Without a client id every request is a new hold: the client has opted out of safe retries.
        var clientId = request.ClientReservationId ?? Guid.NewGuid().ToString("D");
        var outcome = request.SeatIds is { } seatIds
            ? await engine.HoldSeatsAsync(new HoldSeatsRequest(id, userId, clientId, seatIds, request.TtlSeconds), context.RequestAborted).ConfigureAwait(false)
            : await engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(
                id, userId, clientId, request.BestAvailable!.Quantity, request.BestAvailable.SectionId, request.BestAvailable.Adjacent, request.TtlSeconds),
                context.RequestAborted).ConfigureAwait(false);

        if (outcome is not HoldOutcome.Held held)
        {
            return OutcomeProblems.For(outcome);
        }

        var body = ReservationResponse.From(held.Hold);
        return held.Replayed ? TypedResults.Ok(body) : TypedResults.Created(ReservationResponse.Location(body.ReservationId), body);
    }

    /// <summary>The refusals the engine would give, decided from the request alone.</summary>
    private static HoldOutcome? Precheck(Request request)
    {
        if (request.TtlSeconds is { } ttl && !HoldLimits.IsValidTtl(ttl))
        {
            return new HoldOutcome.InvalidTtl(ttl);
        }

        var count = request.SeatIds?.Count ?? request.BestAvailable!.Quantity;
        if (count > MaxSeatIdsPerRequest)
        {
            return new HoldOutcome.TooManySeats(count, MaxSeatIdsPerRequest);
        }

        if (request.SeatIds is not { } seatIds)
        {
            return null;
        }

        var malformed = seatIds.Where(seat => seat is null || !SeatId().IsMatch(seat))
            .Select(seat => seat ?? "null").Distinct(StringComparer.Ordinal).ToArray();
        if (malformed.Length > 0)
        {
            return new HoldOutcome.UnknownSeats(malformed);
        }

        var seen = new HashSet<string>(seatIds.Count, StringComparer.Ordinal);
        var duplicates = seatIds.Where(seat => !seen.Add(seat)).Distinct(StringComparer.Ordinal).ToArray();
        return duplicates.Length > 0 ? new HoldOutcome.DuplicateSeats(duplicates) : null;
    }

    /// <summary>SECTION-ROW-NUMBER with the character rules event layouts enforce.</summary>
    [GeneratedRegex("^[A-Za-z0-9_]{1,16}-[A-Za-z0-9_]{1,16}-[1-9][0-9]{0,2}$")]
    private static partial Regex SeatId();
}

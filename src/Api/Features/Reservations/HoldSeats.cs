using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Api.Observability;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using EngineHoldRequest = Ticketing.Scripts.Holds.HoldSeatsRequest;

namespace Ticketing.Api.Features.Reservations;

public sealed record HoldSeatsRequest(
    string? ClientReservationId = null,
    IReadOnlyList<string>? SeatIds = null,
    BestAvailable? BestAvailable = null,
    int? TtlSeconds = null);

/// <summary>Let the engine choose: nearest the front first, side by side in one row when <paramref name="Adjacent"/>.</summary>
public sealed record BestAvailable(int Quantity, string? SectionId = null, bool Adjacent = false);

/// <summary>
/// <c>POST /api/v1/events/{eventId}/reservations</c>: hold named seats, or the best available
/// ones, all or nothing. Everything that can be judged without Redis is judged here, so a bad
/// request costs no script run and changes nothing. With the event's waiting room on, the
/// <see cref="AdmissionGate"/> has checked the admission token's signature; the hold script then
/// checks, in the same run, that the fan's admission is still live, so a token whose admission
/// ended (a confirmed order ends it) no longer starts holds.
/// </summary>
public sealed partial class HoldSeats(IInventorySales engine, RoomBoard rooms, QueueTokens tokens)
    : Endpoint<HoldSeatsRequest, Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>>
{
    /// <summary>Most seats one request may name, whatever the event allows (bounds the body and the script's work).</summary>
    public const int MaxSeatIdsPerRequest = 50;

    public override void Configure()
    {
        Post("/events/{eventId}/reservations");
        Group<ReservationsGroup>();
        Options(route => route.RequireRateLimiting(RateLimitSetup.HoldsPolicy));
        Description(route => route
            .Produces<ReservationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary =>
        {
            summary.Summary = "Hold seats (explicit ids or best available) until the hold expires";
            summary.Description = "Replaying the same client_reservation_id answers 200 with the first hold.";
        });
    }

    public override async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>> ExecuteAsync(
        HoldSeatsRequest req, CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        if (Precheck(req) is { } refused)
        {
            return OutcomeProblems.For(refused);
        }

        var userId = User.UserId();
        var admittedFan = rooms.Find(id) is null ? null : tokens.FanId(id, userId);
        // Without a client id every request is a new hold: the client has opted out of safe retries.
        var clientId = req.ClientReservationId ?? Guid.NewGuid().ToString("D");
        HoldOutcome outcome;
        using (var span = EngineTracing.Start(req.SeatIds is null ? "hold_best" : "hold_seats", id))
        {
            outcome = span.Answered(req.SeatIds is { } seatIds
                ? await engine.HoldSeatsAsync(new EngineHoldRequest(id, userId, clientId, seatIds, req.TtlSeconds) { AdmittedFan = admittedFan }, ct).ConfigureAwait(false)
                : await engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(
                    id, userId, clientId, req.BestAvailable!.Quantity, req.BestAvailable.SectionId, req.BestAvailable.Adjacent, req.TtlSeconds)
                    { AdmittedFan = admittedFan },
                    ct).ConfigureAwait(false));
        }

        if (outcome is not HoldOutcome.Held held)
        {
            return OutcomeProblems.For(outcome);
        }

        var body = ReservationResponse.From(held.Hold);
        return held.Replayed ? TypedResults.Ok(body) : TypedResults.Created(ReservationResponse.Location(body.ReservationId), body);
    }

    /// <summary>The refusals the engine would give, decided from the request alone.</summary>
    private static HoldOutcome? Precheck(HoldSeatsRequest request)
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

/// <summary>The shape of the request; what the engine would refuse (limits, seat ids) is judged by the handler with the engine's codes.</summary>
public sealed class HoldSeatsValidator : Validator<HoldSeatsRequest>
{
    public HoldSeatsValidator()
    {
        RuleFor(r => r.SeatIds).Must((request, seatIds) => (seatIds is null) != (request.BestAvailable is null)).WithMessage("send either seat_ids or best_available");
        RuleFor(r => r.SeatIds).Must(seatIds => seatIds is null || seatIds.Count > 0).WithMessage("at least one seat");
        RuleFor(r => r.BestAvailable!.Quantity).GreaterThanOrEqualTo(1).WithMessage("1 or more").When(r => r.BestAvailable is not null);
        RuleFor(r => r.BestAvailable!.SectionId).Length(1, 16).WithMessage("1 to 16 characters").When(r => r.BestAvailable?.SectionId is not null);
        RuleFor(r => r.ClientReservationId).Length(1, 100).WithMessage("1 to 100 characters").When(r => r.ClientReservationId is not null);
    }
}

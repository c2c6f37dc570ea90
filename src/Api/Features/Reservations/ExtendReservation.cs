using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Observability;
using Ticketing.Api.Problems;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Reservations;

public sealed record ExtendReservationRequest(int AdditionalSeconds);

public sealed record ExtendReservationResponse(string ReservationId, DateTimeOffset ExpiresAt, int ExtensionsRemaining);

/// <summary><c>PATCH /api/v1/reservations/{id}/extend</c>: push the expiry back, once per allowed extension.</summary>
public sealed class ExtendReservation(IInventorySales engine)
    : Endpoint<ExtendReservationRequest, Results<Ok<ExtendReservationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/reservations/{id}/extend");
        Group<ReservationsGroup>();
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary => summary.Summary = "Extend a held reservation");
    }

    public override async Task<Results<Ok<ExtendReservationResponse>, ProblemHttpResult>> ExecuteAsync(ExtendReservationRequest req, CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (!EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out var eventId))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        if (!HoldLimits.IsValidTtl(req.AdditionalSeconds))
        {
            return OutcomeProblems.InvalidTtl(req.AdditionalSeconds);
        }

        using var span = EngineTracing.Start("extend_hold", eventId);
        var outcome = span.Answered(await engine.ExtendAsync(id, User.UserId(), req.AdditionalSeconds, ct).ConfigureAwait(false));
        return outcome is ExtendOutcome.Extended extended
            ? TypedResults.Ok(new ExtendReservationResponse(extended.Hold.HoldId, extended.Hold.ExpiresAt, extended.Hold.ExtensionsRemaining))
            : OutcomeProblems.For(outcome);
    }
}

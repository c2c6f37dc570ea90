using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.Api.Features.Reservations;

/// <summary><c>PATCH /api/v1/reservations/{id}/extend</c>: push the expiry back, once per allowed extension.</summary>
public static class ExtendReservation
{
    public sealed record Request(int AdditionalSeconds);

    public sealed record Response(string ReservationId, DateTimeOffset ExpiresAt, int ExtensionsRemaining);

    public static void Map(RouteGroupBuilder reservations) => reservations.MapPatch("/reservations/{id}/extend", HandleAsync)
        .WithName("ExtendReservation")
        .WithSummary("Extend a held reservation")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status410Gone)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        string id, Request request, HttpContext context, IInventorySales engine)
    {
        if (!ReservationResponse.IsWellFormedId(id))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        if (!HoldLimits.IsValidTtl(request.AdditionalSeconds))
        {
            return OutcomeProblems.InvalidTtl(request.AdditionalSeconds);
        }

        var outcome = await engine.ExtendAsync(id, context.User.UserId(), request.AdditionalSeconds, context.RequestAborted).ConfigureAwait(false);
        return outcome is ExtendOutcome.Extended extended
            ? TypedResults.Ok(new Response(extended.Hold.HoldId, extended.Hold.ExpiresAt, extended.Hold.ExtensionsRemaining))
            : OutcomeProblems.For(outcome);
    }
}

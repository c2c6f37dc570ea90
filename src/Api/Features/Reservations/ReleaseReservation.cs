using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.Api.Features.Reservations;

/// <summary><c>DELETE /api/v1/reservations/{id}</c>: give the seats back at once.</summary>
public static class ReleaseReservation
{
    public static void Map(RouteGroupBuilder reservations) => reservations.MapDelete("/reservations/{id}", HandleAsync)
        .WithName("ReleaseReservation")
        .WithSummary("Release a held reservation; its seats are available at once")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status410Gone);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, HttpContext context, IInventorySales engine)
    {
        if (!ReservationResponse.IsWellFormedId(id))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        var outcome = await engine.ReleaseAsync(id, context.User.UserId(), context.RequestAborted).ConfigureAwait(false);
        return outcome is ReleaseOutcome.Released ? TypedResults.NoContent() : OutcomeProblems.For(outcome);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Scripts;

namespace Ticketing.Api.Features.Reservations;

/// <summary><c>GET /api/v1/reservations/{id}</c>: the caller's reservation (admins: anyone's).</summary>
public static class GetReservation
{
    public static void Map(RouteGroupBuilder reservations) => reservations.MapGet("/reservations/{id}", HandleAsync)
        .WithName("GetReservation")
        .WithSummary("A reservation and its status: held, committed, expired or released")
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext context, IInventorySales engine)
    {
        var hold = ReservationResponse.IsWellFormedId(id)
            ? await engine.GetHoldAsync(id, context.User.OwnerFilter(), context.RequestAborted).ConfigureAwait(false)
            : null;
        return hold is null ? OutcomeProblems.ReservationNotFound() : TypedResults.Ok(ReservationResponse.From(hold));
    }
}

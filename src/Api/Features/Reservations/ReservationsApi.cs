using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Reservations;

/// <summary>
/// Holds and their lifecycle, for signed-in users. Holding and committing each have a per-user
/// budget (<c>RateLimits:*</c>); a user sees and changes only their own reservations.
/// </summary>
public static class ReservationsApi
{
    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder endpoints)
    {
        var reservations = endpoints.MapGroup("/api/v1")
            .WithTags("Reservations")
            .RequireAuthorization()
            .AddEndpointFilter<OutcomeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        HoldSeats.Map(reservations);
        GetReservation.Map(reservations);
        ExtendReservation.Map(reservations);
        ReleaseReservation.Map(reservations);
        CommitReservation.Map(reservations);
        return endpoints;
    }
}

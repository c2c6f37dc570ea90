using FastEndpoints;

namespace Ticketing.Api.Features.Reservations;

/// <summary>Holds and their lifecycle, for signed-in users; each user sees only their own (admins: anyone's).</summary>
public sealed class ReservationsGroup : Group
{
    public ReservationsGroup() => Configure("/api/v1", endpoint =>
    {
        endpoint.PreProcessor<Ticketing.Api.Features.WaitingRoom.AdmissionGate>(Order.Before);
        endpoint.PostProcessor<Ticketing.Api.Features.WaitingRoom.AdmissionRelease>(Order.After);
        endpoint.Description(route => route
            .WithTags("Reservations")
            .ProducesProblem(StatusCodes.Status401Unauthorized));
    });
}

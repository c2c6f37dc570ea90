using FastEndpoints;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Features.Tickets;

/// <summary>Admission at the gate: gate staff and admins only.</summary>
public sealed class TicketsGroup : Group
{
    public TicketsGroup() => Configure("/api/v1", endpoint =>
    {
        endpoint.Policies(ApiClaims.GatePolicy);
        endpoint.Description(route => route
            .WithTags("Check-in")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden));
    });
}

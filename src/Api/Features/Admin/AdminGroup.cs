using FastEndpoints;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Features.Admin;

/// <summary><c>/api/v1/admin</c>: operator actions, for the <c>admin</c> role only.</summary>
public sealed class AdminGroup : Group
{
    public AdminGroup() => Configure("/api/v1/admin", endpoint =>
    {
        endpoint.Policies(ApiClaims.AdminPolicy);
        endpoint.Description(route => route
            .WithTags("Admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden));
    });
}

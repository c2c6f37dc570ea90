using Ticketing.Api.Auth;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Admin;

/// <summary><c>/api/v1/admin</c>: operator actions, for the <c>admin</c> role only.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/v1/admin")
            .WithTags("Admin")
            .RequireAuthorization(ApiClaims.AdminPolicy)
            .AddEndpointFilter<OutcomeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        RunReconciliation.Map(admin);
        GetOpsDashboard.Map(admin);
        return endpoints;
    }
}

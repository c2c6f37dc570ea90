using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Auth;

/// <summary><c>/api/v1/auth</c>: only the development token route, and only when <c>Auth:AllowDevTokens</c> is on.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.AllowDevTokens)
        {
            return endpoints;
        }

        var auth = endpoints.MapGroup("/api/v1/auth")
            .WithTags("Auth")
            .AllowAnonymous()
            .AddEndpointFilter<OutcomeFilter>();
        IssueDevToken.Map(auth);
        return endpoints;
    }
}

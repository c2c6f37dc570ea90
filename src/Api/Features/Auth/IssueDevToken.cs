using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Auth;

/// <summary><c>POST /api/v1/auth/dev-token</c>: a signed token for any user and role. Development only.</summary>
public static partial class IssueDevToken
{
    public sealed record Request(string UserId, string Role = ApiClaims.CustomerRole);

    public sealed record Response(string AccessToken, string TokenType, int ExpiresIn);

    public static void Map(RouteGroupBuilder auth) => auth.MapPost("/dev-token", Handle)
        .WithName("IssueDevToken")
        .WithSummary("Issue a bearer token for a user (development only)")
        .ProducesProblem(StatusCodes.Status400BadRequest);

    public static Results<Ok<Response>, ProblemHttpResult> Handle(Request request, TokenIssuer issuer, IOptions<AuthOptions> options)
    {
        var validation = new RequestValidation()
            .Check(UserIdPattern().IsMatch(request.UserId), "user_id", "1 to 64 letters, digits or . _ @ -")
            .Check(request.Role is ApiClaims.CustomerRole or ApiClaims.AdminRole, "role", "customer or admin");
        if (!validation.IsValid)
        {
            return validation.Problem(ApiErrors.InvalidRequest);
        }

        var lifetime = TimeSpan.FromMinutes(options.Value.DevTokenLifetimeMinutes);
        return TypedResults.Ok(new Response(issuer.Issue(request.UserId, request.Role, lifetime), "Bearer", (int)lifetime.TotalSeconds));
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserIdPattern();
}

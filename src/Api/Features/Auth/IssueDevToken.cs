using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Auth;

public sealed record IssueDevTokenRequest(string UserId, string Role = ApiClaims.CustomerRole);

public sealed record IssueDevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>
/// <c>POST /api/v1/auth/dev-token</c>: a signed token for any user and role. Development only: the
/// route answers only when <see cref="AuthOptions.AllowDevTokens"/> is on; otherwise it answers 404 as an
/// unknown route does, and the OpenAPI document leaves it out (see <see cref="IsServed"/>).
/// </summary>
public sealed class IssueDevToken(TokenIssuer issuer, IOptions<AuthOptions> options) : Endpoint<IssueDevTokenRequest, IssueDevTokenResponse>
{
    public override void Configure()
    {
        Post("/dev-token");
        Group<AuthGroup>();
        PreProcessor<DevTokensOnly>();
        Summary(summary => summary.Summary = "Issue a bearer token for a user (development only)");
    }

    public override Task<IssueDevTokenResponse> ExecuteAsync(IssueDevTokenRequest req, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.DevTokenLifetimeMinutes);
        return Task.FromResult(new IssueDevTokenResponse(issuer.Issue(req.UserId, req.Role, lifetime), "Bearer", (int)lifetime.TotalSeconds));
    }

    /// <summary>Whether an endpoint is served (and documented): every one except this route when dev tokens are off.</summary>
    public static bool IsServed(Type endpoint, AuthOptions auth) => endpoint != typeof(IssueDevToken) || auth.AllowDevTokens;
}

/// <summary>
/// Answers 404, as for an unknown route, unless this process allows dev tokens. Decided per request
/// rather than at registration because FastEndpoints' registration settings are shared by every
/// app in a process (the tests run several side by side).
/// </summary>
public sealed class DevTokensOnly : IPreProcessor<IssueDevTokenRequest>
{
    public Task PreProcessAsync(IPreProcessorContext<IssueDevTokenRequest> context, CancellationToken ct) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AllowDevTokens
            ? Task.CompletedTask
            : ApiErrors.NotFound.Result("Dev tokens are off in this deployment.").ExecuteAsync(context.HttpContext);
}

public sealed partial class IssueDevTokenValidator : Validator<IssueDevTokenRequest>
{
    public IssueDevTokenValidator()
    {
        RuleFor(r => r.UserId).Matches(UserIdPattern()).WithMessage("1 to 64 letters, digits or . _ @ -");
        RuleFor(r => r.Role).Must(role => role is ApiClaims.CustomerRole or ApiClaims.StaffRole or ApiClaims.AdminRole).WithMessage("customer, staff or admin");
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserIdPattern();
}

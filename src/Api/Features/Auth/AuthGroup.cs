using FastEndpoints;

namespace Ticketing.Api.Features.Auth;

/// <summary><c>/api/v1/auth</c>: only the development token route, and only when <c>Auth:AllowDevTokens</c> is on.</summary>
public sealed class AuthGroup : Group
{
    public AuthGroup() => Configure("/api/v1/auth", endpoint =>
    {
        endpoint.AllowAnonymous();
        endpoint.Description(route => route.WithTags("Auth"));
    });
}

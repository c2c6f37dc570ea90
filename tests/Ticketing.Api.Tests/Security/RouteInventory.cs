using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;

namespace Ticketing.Api.Tests.Security;

/// <summary>Who may call a mapped route, as its endpoint metadata says.</summary>
public enum RouteAccess
{
    Anonymous,
    SignedIn,

    /// <summary>Gate staff and admins (the check-in route).</summary>
    Staff,
    Admin,
}

/// <summary>A route the app maps: <c>GET /api/v1/orders/{id}</c>; <c>*</c> when it takes every method.</summary>
public sealed record MappedRoute(string Method, string Route, RouteAccess Access)
{
    public override string ToString() => $"{Method} {Route}";

    /// <summary>The route with each parameter filled: ids that name nothing, so a refusal cannot be an accident of state.</summary>
    public string Sample() => string.Join('/', Route.Split('/').Select(segment => segment.StartsWith('{') ? SampleValue(segment) : segment));

    private static string SampleValue(string parameter) => parameter.Contains("eventId", StringComparison.Ordinal)
        ? Guid.NewGuid().ToString("D")
        : "h_" + Guid.NewGuid().ToString("N");
}

/// <summary>Every route of the app's endpoint data sources (FastEndpoints' and the minimal ones alike).</summary>
public static class RouteInventory
{
    public static IReadOnlyList<MappedRoute> Of(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint =>
            {
                var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["*"];
                return methods.Select(method => new MappedRoute(method, route, AccessOf(endpoint.Metadata)));
            })
            .Distinct()
            .OrderBy(route => route.Route, StringComparer.Ordinal).ThenBy(route => route.Method, StringComparer.Ordinal),
    ];

    private static RouteAccess AccessOf(EndpointMetadataCollection metadata)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return RouteAccess.Anonymous;
        }

        var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
        return authorize.Any(data => data.Policy == ApiClaims.AdminPolicy || data.Roles == ApiClaims.AdminRole) ? RouteAccess.Admin
            : authorize.Any(data => data.Policy == ApiClaims.GatePolicy) ? RouteAccess.Staff
            : authorize.Count > 0 || metadata.GetMetadata<AuthorizationPolicy>() is not null ? RouteAccess.SignedIn
            : RouteAccess.Anonymous;
    }
}

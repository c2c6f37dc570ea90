namespace Ticketing.Api.Security;

/// <summary>
/// Routes a library maps for itself that are no part of the API. FastEndpoints maps
/// <c>GET /_test_url_cache_</c> in every app, unauthenticated, listing each endpoint's class name and route: an
/// inventory of internals for anyone who asks. It answers 404 here, as any unknown route does.
/// </summary>
public static class FrameworkRoutes
{
    public const string TestUrlCache = "/_test_url_cache_";

    public static IApplicationBuilder UseFrameworkRouteBlock(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.Request.Path.Equals(TestUrlCache, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}

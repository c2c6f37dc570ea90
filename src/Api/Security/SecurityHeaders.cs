namespace Ticketing.Api.Security;

/// <summary>
/// Browser hardening headers on every answer, errors included (they are added as the answer starts, after an
/// exception handler has cleared the headers). Pages get a content security policy that allows only their own
/// scripts, styles and connections; API answers one that allows nothing, since JSON is never a document; the jobs
/// dashboard keeps its own inline scripts and is only kept out of frames. No CORS policy is registered, so no
/// answer carries <c>Access-Control-Allow-Origin</c> and browsers keep other sites' scripts out.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string DashboardPolicy = "frame-ancestors 'none'";

    public const string DashboardPath = "/hangfire";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = PolicyFor(http.Request.Path);
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    private static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? ApiPolicy
        : path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase) ? DashboardPolicy
        : PagePolicy;
}

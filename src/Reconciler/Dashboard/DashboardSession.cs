using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ticketing.Reconciler.Dashboard;

/// <summary>The dashboard's cookie: the admin's own bearer token, HttpOnly, sent only to <c>/hangfire</c>, for at most 15 minutes.</summary>
internal static class DashboardSession
{
    public const string Cookie = "ticketing.jobs";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary><c>POST /hangfire/session</c> with an admin bearer token: 204 and the cookie.</summary>
    public static IResult Start(HttpContext http, TimeProvider clock)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var lifetime = Lifetime;
        if (long.TryParse(http.User.FindFirstValue("exp"), out var expiresAt))
        {
            var left = DateTimeOffset.FromUnixTimeSeconds(expiresAt) - clock.GetUtcNow();
            lifetime = left < lifetime ? left : lifetime;
        }

        http.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
            Path = JobsDashboard.Path,
            MaxAge = lifetime,
            IsEssential = true,
        });
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return TypedResults.NoContent();
    }

    /// <summary>The user the cookie's token names, checked exactly as a bearer token is; null when absent or not valid.</summary>
    public static async Task<ClaimsPrincipal?> ReadAsync(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Cookie, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }

        var bearer = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in bearer.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, bearer.TokenValidationParameters).ConfigureAwait(false);
            if (result.IsValid)
            {
                return new ClaimsPrincipal(result.ClaimsIdentity);
            }
        }

        return null;
    }
}

using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;

namespace Ticketing.Api.RateLimiting;

/// <summary>
/// A per-address budget over every request, and per-user budgets on the two routes that touch
/// seats (hold, commit), so one client cannot starve a flash sale.
/// </summary>
public static class RateLimitSetup
{
    public const string HoldsPolicy = "holds-per-user";
    public const string CommitsPolicy = "commits-per-user";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section)
            .Validate(o => o.HoldsPerUser > 0 && o.CommitsPerUser > 0 && o.RequestsPerAddress > 0 && o.WindowSeconds > 0,
                "RateLimits budgets and window must be positive")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            var window = TimeSpan.FromSeconds(limits.WindowSeconds);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var address = context.Connection.RemoteIpAddress;
                return address is null || (limits.ExemptLoopback && IPAddress.IsLoopback(address))
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : FixedWindow(address.ToString(), limits.RequestsPerAddress, window);
            });
            limiter.AddPolicy(HoldsPolicy, context => FixedWindow(UserKey(context), limits.HoldsPerUser, window));
            limiter.AddPolicy(CommitsPolicy, context => FixedWindow(UserKey(context), limits.CommitsPerUser, window));
            limiter.OnRejected = (context, _) => RejectAsync(context);
        });
        return services;
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });

    /// <summary>Per-user policies sit behind authorization, so the caller is known; the address is a fallback only.</summary>
    private static string UserKey(HttpContext context) =>
        context.User.FindFirst(ApiClaims.Subject)?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ValueTask RejectAsync(OnRejectedContext context)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(ApiErrors.RateLimited
            .Result($"Too many requests; try again in {seconds} s.", ("retry_after_seconds", seconds))
            .ExecuteAsync(context.HttpContext));
    }
}

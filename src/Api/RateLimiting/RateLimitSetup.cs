using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;

namespace Ticketing.Api.RateLimiting;

/// <summary>
/// A per-address budget over every request and over holds, and per-user budgets on the two routes that
/// touch seats (hold, commit), so one client cannot starve a flash sale. The budgets are counted per Api
/// process (docs/SECURITY.md, API4, says why that is enough).
/// </summary>
public static class RateLimitSetup
{
    public const string HoldsPolicy = "holds-per-user";
    public const string CommitsPolicy = "commits-per-user";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section)
            .Validate(o => o.HoldsPerUser > 0 && o.HoldsPerAddress > 0 && o.CommitsPerUser > 0 && o.RequestsPerAddress > 0 && o.WindowSeconds > 0,
                "RateLimits budgets and window must be positive")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            var window = TimeSpan.FromSeconds(limits.WindowSeconds);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every request spends from its address's budget; a hold also spends from the address's hold budget,
            // so many accounts behind one address cannot together hold more than one busy household could.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Address(context, limits) is { } address
                    ? FixedWindow(address, limits.RequestsPerAddress, window)
                    : RateLimitPartition.GetNoLimiter(Exempt)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsHold(context) && Address(context, limits) is { } address
                    ? FixedWindow(address, limits.HoldsPerAddress, window)
                    : RateLimitPartition.GetNoLimiter(Exempt)));
            limiter.AddPolicy(HoldsPolicy, context => FixedWindow(UserKey(context), limits.HoldsPerUser, window));
            limiter.AddPolicy(CommitsPolicy, context => FixedWindow(UserKey(context), limits.CommitsPerUser, window));
            limiter.OnRejected = (context, _) => RejectAsync(context);
        });
        return services;
    }

    private const string Exempt = "exempt";

    /// <summary>The client address a budget is kept for; null when the caller is exempt (loopback when configured so).</summary>
    private static string? Address(HttpContext context, RateLimitsOptions limits)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is null || (limits.ExemptLoopback && IPAddress.IsLoopback(address)) ? null : address.ToString();
    }

    /// <summary>The hold route is the one that carries the per-user hold policy.</summary>
    private static bool IsHold(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == HoldsPolicy;

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

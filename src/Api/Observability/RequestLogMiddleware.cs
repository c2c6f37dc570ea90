using System.Diagnostics;
using System.Security.Claims;
using Ticketing.Api.Auth;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Observability;

/// <summary>
/// One structured line per request: route, status, outcome, user, event, duration and trace id.
/// It runs outermost, so it sees the final status even of requests that failed. It never logs
/// headers, query strings or bodies, so neither tokens nor payment data reach the log.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var log = new RequestLog();
        context.Features.Set(log);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var status = context.Response.StatusCode;
                logger.LogInformation(
                    "{Method} {Route} answered {Status} {Outcome} in {DurationMs:0.0} ms for {UserId} on {EventId} (trace {TraceId})",
                    context.Request.Method,
                    (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value,
                    status,
                    log.Outcome ?? (status < 400 ? "ok" : "http_" + status),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    context.User.FindFirstValue(ApiClaims.Subject),
                    EventIdOf(context),
                    Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
            }
        }
    }

    private static string? EventIdOf(HttpContext context)
    {
        if (context.GetRouteValue("eventId") is string eventId)
        {
            return eventId;
        }

        return context.GetRouteValue("id") is string id
            && (EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out var fromId) || EntityIds.TryGetEventId(id, EntityIds.OrderPrefix, out fromId))
            ? fromId
            : null;
    }
}

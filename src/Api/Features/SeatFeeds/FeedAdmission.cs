using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>What both feed routes check before a connection is opened: the event exists, and the caller is under its connection limits.</summary>
public sealed class FeedAdmission(SeatViews views, FeedConnectionLimiter limiter)
{
    /// <summary>Seconds a refused caller is asked to wait before trying again.</summary>
    private const int RetryAfterSeconds = 5;

    internal async Task<Admitted> AdmitAsync(HttpContext context, string route)
    {
        var eventId = EventReader.Canonical(route);
        if (eventId is null || await views.LayoutAsync(eventId).ConfigureAwait(false) is null)
        {
            return new Admitted(OutcomeProblems.EventNotFound(), eventId ?? route, null);
        }

        var userId = context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : null;
        var lease = limiter.TryAcquire(userId, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease is null)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new Admitted(ApiErrors.RateLimited.Result("Too many live seat feeds are open for this user or address; close one first."), eventId, null);
        }

        return new Admitted(null, eventId, lease);
    }

    /// <summary>Redis or PostgreSQL failed while a feed ran (a timeout, a lost connection).</summary>
    internal static bool IsStoreFailure(Exception exception) =>
        exception is Scripts.InventoryEngineException or StackExchange.Redis.RedisException or Npgsql.NpgsqlException or TimeoutException;

    /// <summary>
    /// The snapshot a connection asks for with <c>?snapshot=</c>: the seat map when absent or
    /// <c>seatmap</c>; the compact status (<c>status</c>) for clients that already hold the layout.
    /// </summary>
    internal static bool TryParseSnapshot(string? text, out SeatView view)
    {
        view = string.IsNullOrEmpty(text) || text == "seatmap" ? SeatView.SeatMap : SeatView.Status;
        return string.IsNullOrEmpty(text) || text is "seatmap" or "status";
    }

    /// <summary>A resume point given as text: null when absent, false when not a version.</summary>
    internal static bool TryParseVersion(string? text, out long? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>Either a problem to answer, or the event and the connection's lease (dispose it when the feed ends).</summary>
internal sealed record Admitted(ProblemHttpResult? Problem, string EventId, IDisposable? Lease);

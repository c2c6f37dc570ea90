using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// What both feed routes check before a connection is opened: the resume point and the snapshot
/// asked for are well formed, the event exists, and the caller is under its connection limits.
/// </summary>
public sealed class FeedAdmission(SeatViews views, FeedConnectionLimiter limiter)
{
    /// <summary>Seconds a refused caller is asked to wait before trying again.</summary>
    private const int RetryAfterSeconds = 5;

    /// <param name="context">The request.</param>
    /// <param name="route">The route's event id, as given.</param>
    /// <param name="since">The version to resume after, as text (<c>?since=</c>, or SSE's <c>Last-Event-ID</c>).</param>
    /// <param name="snapshot">The <c>?snapshot=</c> choice, as text.</param>
    internal async Task<Admitted> AdmitAsync(HttpContext context, string route, string? since, string? snapshot)
    {
        if (!TryParseVersion(since, out var resume))
        {
            return Admitted.Refused(ApiErrors.InvalidRequest.Result("since (or Last-Event-ID) must be a version (a whole number)."));
        }

        if (!TryParseSnapshot(snapshot, out var view))
        {
            return Admitted.Refused(ApiErrors.InvalidRequest.Result("snapshot must be seatmap or status."));
        }

        var eventId = EventReader.Canonical(route);
        if (eventId is null || await views.LayoutAsync(eventId).ConfigureAwait(false) is null)
        {
            return Admitted.Refused(OutcomeProblems.EventNotFound());
        }

        // Feeds are public: a signed token without a subject counts as no user here (the routes
        // that need a user refuse such a token through the default policy).
        var userId = context.User.FindFirstValue(ApiClaims.Subject);
        var lease = limiter.TryAcquire(userId, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease is null)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Admitted.Refused(ApiErrors.RateLimited.Result("Too many live seat feeds are open for this user or address; close one first."));
        }

        return new Admitted(null, new FeedRequest(eventId, resume, view), lease);
    }

    /// <summary>Redis or PostgreSQL failed while a feed ran (a timeout, a lost connection).</summary>
    internal static bool IsStoreFailure(Exception exception) =>
        exception is Scripts.InventoryEngineException or StackExchange.Redis.RedisException or Npgsql.NpgsqlException or TimeoutException;

    /// <summary>
    /// The snapshot a connection asks for with <c>?snapshot=</c>: the seat map when absent or
    /// <c>seatmap</c>; the compact status (<c>status</c>) for clients that already hold the layout.
    /// </summary>
    private static bool TryParseSnapshot(string? text, out SeatView view)
    {
        view = string.IsNullOrEmpty(text) || text == "seatmap" ? SeatView.SeatMap : SeatView.Status;
        return string.IsNullOrEmpty(text) || text is "seatmap" or "status";
    }

    /// <summary>A resume point given as text: null when absent, false when not a version.</summary>
    private static bool TryParseVersion(string? text, out long? version)
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
internal sealed record Admitted(ProblemHttpResult? Problem, FeedRequest? Feed, IDisposable? Lease)
{
    public static Admitted Refused(ProblemHttpResult problem) => new(problem, null, null);
}

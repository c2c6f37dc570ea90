using System.Buffers;
using System.Globalization;
using System.Text;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Features.Events;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// <c>GET /api/v1/events/{eventId}/seats/stream</c>: Server-Sent Events. A <c>snapshot</c> event
/// (the seat map), then a <c>seats</c> event per change; each carries its version as the event id,
/// so a browser's <c>EventSource</c> resumes by itself with <c>Last-Event-ID</c> (or <c>?since=</c>).
/// <c>?snapshot=status</c> makes every snapshot the compact status (<c>/seat-status</c>'s body)
/// instead of the seat map, for clients that already hold the layout.
/// </summary>
public sealed class StreamSeatEvents(FeedAdmission admission, SeatFeedSession session, IHostApplicationLifetime lifetime)
    : EndpointWithoutRequest<Results<EmptyHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/v1/events/{eventId}/seats/stream");
        Group<SeatFeedsGroup>();
        Description(route => route.Produces(StatusCodes.Status200OK, contentType: "text/event-stream"));
        Summary(summary =>
        {
            summary.Summary = "Live seat changes as Server-Sent Events: a snapshot, then {version, changes}";
            summary.Params["since"] = "resume after this version (the Last-Event-ID header does the same)";
            summary.Params["snapshot"] = "seatmap (default): snapshots are the /seatmap body; status: the /seat-status body, for clients that hold the layout";
        });
    }

    public override async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var admitted = await admission.AdmitAsync(HttpContext, Route<string>("eventId")!,
            Query<string>("since", isRequired: false) ?? HttpContext.Request.Headers["Last-Event-ID"].ToString(),
            Query<string>("snapshot", isRequired: false)).ConfigureAwait(false);
        if (admitted is not { Feed: { } feed })
        {
            return admitted.Problem!;
        }

        using (admitted.Lease)
        {
            var response = HttpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // Proxies such as nginx would otherwise buffer the stream.
            response.Headers["X-Accel-Buffering"] = "no";
            HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.WriteAsync("retry: 1000\n\n", ct).ConfigureAwait(false);
            await response.Body.FlushAsync(ct).ConfigureAwait(false);

            // Streams end when the process stops, so a restart is not held up by open feeds; clients reconnect and resume.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            try
            {
                await session.RunAsync(feed, new SseSink(response), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception exception) when (FeedAdmission.IsStoreFailure(exception))
            {
                // Too late for a problem answer: the stream ends, and the client resumes from its last version.
                Logger.LogWarning(exception, "The seat feed of event {EventId} ended on a store failure", feed.EventId);
            }
        }

        return TypedResults.Empty;
    }

    /// <summary>Writes events into the response's pipe without sending them; <see cref="FlushAsync"/> sends what gathered in one write.</summary>
    private sealed class SseSink(HttpResponse response) : IFeedSink
    {
        private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");
        private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

        public ValueTask SendSnapshotAsync(CachedSeatView snapshot, CancellationToken cancellationToken)
        {
            Write("snapshot", snapshot.Version, snapshot.Json);
            return ValueTask.CompletedTask;
        }

        public ValueTask SendChangesAsync(EncodedChange change, CancellationToken cancellationToken)
        {
            response.BodyWriter.Write(change.SseEvent);
            return ValueTask.CompletedTask;
        }

        // A comment line: EventSource ignores it, proxies see traffic.
        public ValueTask SendHeartbeatAsync(long version, CancellationToken cancellationToken)
        {
            response.BodyWriter.Write(Heartbeat);
            return ValueTask.CompletedTask;
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken) =>
            await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);

        // JSON bodies written by System.Text.Json and the scripts hold no raw newline, so one data line carries each.
        private void Write(string name, long version, byte[] json)
        {
            response.BodyWriter.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"event: {name}\nid: {version}\ndata: ")));
            response.BodyWriter.Write(json);
            response.BodyWriter.Write(EventEnd);
        }
    }
}

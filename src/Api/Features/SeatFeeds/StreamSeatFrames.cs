using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// <c>GET /ws/events/{eventId}/seats</c>: the same feed over a WebSocket, one JSON text frame per
/// message: <c>{"type":"snapshot",…seat map}</c>, <c>{"type":"seats","version":N,"changes":[…]}</c>
/// and <c>{"type":"heartbeat","version":N}</c>. <c>?since=&lt;version&gt;</c> resumes;
/// <c>?snapshot=status</c> makes snapshot frames <c>{"type":"snapshot",…seat-status}</c>.
/// </summary>
public sealed class StreamSeatFrames(FeedAdmission admission, SeatFeedSession session, IHostApplicationLifetime lifetime)
    : EndpointWithoutRequest<Results<EmptyHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/ws/events/{eventId}/seats");
        Group<SeatFeedsGroup>();
        Description(route => route.Produces(StatusCodes.Status101SwitchingProtocols));
        Summary(summary =>
        {
            summary.Summary = "Live seat changes over a WebSocket: the SSE feed's messages as JSON text frames";
            summary.Params["since"] = "resume after this version";
            summary.Params["snapshot"] = "seatmap (default): snapshot frames carry the /seatmap body; status: the /seat-status body";
        });
    }

    public override async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        if (!HttpContext.WebSockets.IsWebSocketRequest)
        {
            return ApiErrors.InvalidRequest.Result("This route speaks WebSocket only; the same feed is at /api/v1/events/{id}/seats/stream as SSE.");
        }

        var admitted = await admission.AdmitAsync(HttpContext, Route<string>("eventId")!,
            Query<string>("since", isRequired: false), Query<string>("snapshot", isRequired: false)).ConfigureAwait(false);
        if (admitted is not { Feed: { } feed })
        {
            return admitted.Problem!;
        }

        using (admitted.Lease)
        {
            using var socket = await HttpContext.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            // The client sends nothing; reading is how its close frame (or a dead socket) is noticed.
            var closed = DrainUntilClosedAsync(socket, stop);
            try
            {
                await session.RunAsync(feed, new FrameSink(socket), stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
            }
            catch (Exception exception) when (FeedAdmission.IsStoreFailure(exception))
            {
                // Too late for a problem answer: the socket closes, and the client resumes from its last version.
                Logger.LogWarning(exception, "The seat feed of event {EventId} ended on a store failure", feed.EventId);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await closed.ConfigureAwait(false);
            await CloseAsync(socket).ConfigureAwait(false);
        }

        return TypedResults.Empty;
    }

    private static async Task DrainUntilClosedAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }

        await stop.CancelAsync().ConfigureAwait(false);
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "feed ended", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
    }

    private sealed class FrameSink(WebSocket socket) : IFeedSink
    {
        private static readonly byte[] SnapshotHead = Encoding.UTF8.GetBytes("{\"type\":\"snapshot\",");

        public ValueTask SendSnapshotAsync(CachedSeatView snapshot, CancellationToken cancellationToken) =>
            SendTypedAsync(SnapshotHead, snapshot.Json, cancellationToken);

        // The memory overload: a value task, where the array overload makes a Task per frame.
        public ValueTask SendChangesAsync(EncodedChange change, CancellationToken cancellationToken) =>
            socket.SendAsync(change.Frame.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public ValueTask SendHeartbeatAsync(long version, CancellationToken cancellationToken) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"heartbeat\",\"version\":{version}}}")).AsMemory(),
                WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        // Every frame is sent as it is written.
        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        // Both bodies are JSON objects: the type goes in front of their first member, no re-serializing.
        private async ValueTask SendTypedAsync(byte[] head, byte[] json, CancellationToken cancellationToken)
        {
            await socket.SendAsync(head, WebSocketMessageType.Text, endOfMessage: false, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(json.AsMemory(1), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
    }
}

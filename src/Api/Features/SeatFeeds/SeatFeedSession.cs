using Microsoft.Extensions.Options;
using Ticketing.Api.Features.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.Feeds;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// Where a session writes: SSE events or WebSocket frames, the same messages. Value tasks: these
/// run once per message per connection, and mostly complete at once (SSE buffers until the flush).
/// </summary>
internal interface IFeedSink
{
    /// <summary>The snapshot the connection asked for: the <c>/seatmap</c> body, or the <c>/seat-status</c> body.</summary>
    ValueTask SendSnapshotAsync(CachedSeatView snapshot, CancellationToken cancellationToken);

    /// <summary>One <c>{version, changes}</c> message: the sink copies the bytes the change already holds for its transport.</summary>
    ValueTask SendChangesAsync(EncodedChange change, CancellationToken cancellationToken);

    ValueTask SendHeartbeatAsync(long version, CancellationToken cancellationToken);

    /// <summary>Sends what the calls above have written; they may buffer.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}

/// <summary>What a connection asked for: its event, where it resumes (null: from a snapshot) and which view its snapshots are.</summary>
internal sealed record FeedRequest(string EventId, long? Since, SeatView Snapshot);

/// <summary>
/// One connection's feed: a snapshot or the missed changes first, then every change in version
/// order, each exactly once. The session keeps the last version it wrote: anything at or below it
/// is skipped, a hole above it is filled from the event's change log, and when the log cannot fill
/// it (too far behind, trimmed, the event reloaded) a fresh snapshot replaces the backlog.
/// </summary>
public sealed class SeatFeedSession(SeatFeedHub hub, SeatViews views, IInventoryReader engine, IOptions<SeatFeedOptions> options, TimeProvider clock)
{
    /// <summary>Most messages written before a flush, so a long backlog still reaches the client in pieces.</summary>
    private const int MaxMessagesPerFlush = 64;

    private readonly SeatFeedOptions _options = options.Value;

    /// <summary>Runs until the client leaves, the token fires, or the client overflows too often (it then reconnects and resumes).</summary>
    internal async Task RunAsync(FeedRequest feed, IFeedSink sink, CancellationToken cancellationToken)
    {
        await using var membership = await hub.JoinAsync(feed.EventId).ConfigureAwait(false);
        var client = membership.Client;
        var last = feed.Since is { } resumeFrom
            ? await CatchUpAsync(feed, resumeFrom, sink, cancellationToken).ConfigureAwait(false)
            : await SnapshotAsync(feed, sink, cancellationToken).ConfigureAwait(false);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        var resyncs = new Queue<DateTimeOffset>();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Whatever waits in the buffer goes out in one flush: under a burst a connection costs
            // one write per batch, not per message, which is what bounds fan-out (docs/SCALING.md).
            var item = await client.NextAsync(cancellationToken).ConfigureAwait(false);
            var batch = 0;
            do
            {
                if (client.TakeOverflow() || item.Kind == FeedItemKind.Resync)
                {
                    if (!MayResync(resyncs))
                    {
                        return;
                    }

                    last = await SnapshotAsync(feed, sink, cancellationToken).ConfigureAwait(false);
                    break;
                }

                last = await WriteAsync(feed, item, last, sink, cancellationToken).ConfigureAwait(false);
            }
            while (++batch < MaxMessagesPerFlush && client.TryNext(out item));

            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Answers the last version written. A value task: a Task<long> of a version would be a new
    // object per message per connection.
    private async ValueTask<long> WriteAsync(FeedRequest feed, FeedItem item, long last, IFeedSink sink, CancellationToken cancellationToken)
    {
        if (item.Kind == FeedItemKind.Heartbeat)
        {
            await sink.SendHeartbeatAsync(last, cancellationToken).ConfigureAwait(false);
            return last;
        }

        var change = item.Change!;
        if (change.Version == last + 1)
        {
            await sink.SendChangesAsync(change, cancellationToken).ConfigureAwait(false);
            return change.Version;
        }

        // Above: published between this connection's starting point and its registration's first
        // message, filled from the log. At or below: already written.
        return change.Version > last ? await CatchUpAsync(feed, last, sink, cancellationToken).ConfigureAwait(false) : last;
    }

    private bool MayResync(Queue<DateTimeOffset> resyncs)
    {
        var now = clock.GetUtcNow();
        while (resyncs.Count > 0 && now - resyncs.Peek() > TimeSpan.FromMinutes(1))
        {
            resyncs.Dequeue();
        }

        resyncs.Enqueue(now);
        return resyncs.Count <= _options.MaxResyncsPerMinute;
    }

    private async Task<long> CatchUpAsync(FeedRequest feed, long after, IFeedSink sink, CancellationToken cancellationToken)
    {
        var read = await engine.ReadChangesAsync(feed.EventId, after, _options.MaxCatchUpMessages, cancellationToken).ConfigureAwait(false);
        if (read is not ChangeLogRead.Messages messages)
        {
            return await SnapshotAsync(feed, sink, cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in messages.Items)
        {
            // Read for this connection alone: encoded for it alone.
            await sink.SendChangesAsync(new EncodedChange(message), cancellationToken).ConfigureAwait(false);
        }

        return messages.Version;
    }

    // Both views are cached per version and shared by every connection that resyncs at it.
    private async Task<long> SnapshotAsync(FeedRequest feed, IFeedSink sink, CancellationToken cancellationToken)
    {
        var snapshot = await views.GetAsync(feed.EventId, feed.Snapshot).ConfigureAwait(false)
            ?? throw new OperationCanceledException("the event is no longer in the catalogue");
        await sink.SendSnapshotAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return snapshot.Version;
    }
}

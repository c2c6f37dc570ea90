using System.Threading.Channels;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>What the hub hands a connection.</summary>
internal enum FeedItemKind
{
    /// <summary>A change message to pass on.</summary>
    Changes,

    /// <summary>The hub lost track of the order (the change log could not fill a hole): send a snapshot.</summary>
    Resync,

    /// <summary>Time for a heartbeat.</summary>
    Heartbeat,
}

/// <summary>What a connection's buffer holds; a change is the hub's one encoding of it, shared by every connection.</summary>
internal readonly record struct FeedItem(FeedItemKind Kind, EncodedChange? Change)
{
    public static readonly FeedItem Resync = new(FeedItemKind.Resync, null);
    public static readonly FeedItem Heartbeat = new(FeedItemKind.Heartbeat, null);

    public static FeedItem Of(EncodedChange change) => new(FeedItemKind.Changes, change);
}

/// <summary>
/// One connection's bounded buffer between the hub and its writing loop. The hub only ever
/// offers (never waits), so a connection that cannot keep up costs the others nothing: its
/// buffer overflows, and its loop replaces the backlog with a snapshot.
/// </summary>
internal sealed class FeedClient(int capacity)
{
    private readonly Channel<FeedItem> _buffer = Channel.CreateBounded<FeedItem>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private int _overflowed;

    public void Offer(FeedItem item)
    {
        if (!_buffer.Writer.TryWrite(item))
        {
            Volatile.Write(ref _overflowed, 1);
        }
    }

    public ValueTask<FeedItem> NextAsync(CancellationToken cancellationToken) => _buffer.Reader.ReadAsync(cancellationToken);

    public bool TryNext(out FeedItem item) => _buffer.Reader.TryRead(out item);

    /// <summary>True once after an overflow, with the buffer emptied: the backlog is replaced by a snapshot.</summary>
    public bool TakeOverflow()
    {
        if (Interlocked.Exchange(ref _overflowed, 0) == 0)
        {
            return false;
        }

        while (_buffer.Reader.TryRead(out _))
        {
        }

        return true;
    }
}

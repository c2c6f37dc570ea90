using Microsoft.Extensions.Options;
using Ticketing.Scripts;
using Ticketing.Scripts.Feeds;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// The process's live seat feeds: one Redis subscription per event that has watchers, whatever
/// their number, fanned out in memory to each connection's bounded buffer. Each message is
/// wrapped once in an <see cref="EncodedChange"/>, so its bytes are encoded once for everybody. Messages reach the
/// buffers in version order without holes: a hole in what pub/sub delivered (a reconnect) is
/// filled from the event's change log once for everybody, or, when the log cannot fill it, every
/// connection is told to take a snapshot. One timer sends every connection its heartbeats.
/// </summary>
public sealed class SeatFeedHub : IAsyncDisposable
{
    private readonly IInventoryReader _engine;
    private readonly SeatFeedOptions _options;
    private readonly ILogger<SeatFeedHub> _logger;
    private readonly Dictionary<string, EventFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ITimer _heartbeats;

    public SeatFeedHub(IInventoryReader engine, IOptions<SeatFeedOptions> options, TimeProvider clock, ILogger<SeatFeedHub> logger)
    {
        _engine = engine;
        _options = options.Value;
        _logger = logger;
        var period = TimeSpan.FromSeconds(_options.HeartbeatSeconds);
        _heartbeats = clock.CreateTimer(_ => Broadcast(FeedItem.Heartbeat), null, period, period);
    }

    /// <summary>Connections currently watching an event on this process.</summary>
    public int Watchers(string eventId)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(eventId, out var feed) ? feed.Clients.Length : 0;
        }
    }

    /// <summary>
    /// Registers a connection before it reads its starting point, so no message published from
    /// then on can pass it by; the subscription is made on the event's first watcher.
    /// </summary>
    internal async Task<Membership> JoinAsync(string eventId)
    {
        var client = new FeedClient(_options.BufferMessages);
        EventFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(eventId, out feed!))
            {
                feed = new EventFeed(eventId, this);
                _feeds[eventId] = feed;
            }

            feed.Clients = [.. feed.Clients, client];
        }

        await feed.Subscribed.Value.ConfigureAwait(false);
        return new Membership(this, feed, client);
    }

    private async Task LeaveAsync(EventFeed feed, FeedClient client)
    {
        var last = false;
        lock (_gate)
        {
            feed.Clients = [.. feed.Clients.Where(other => !ReferenceEquals(other, client))];
            if (feed.Clients.Length == 0 && _feeds.TryGetValue(feed.EventId, out var current) && ReferenceEquals(current, feed))
            {
                _feeds.Remove(feed.EventId);
                last = true;
            }
        }

        if (last)
        {
            await feed.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private void Broadcast(FeedItem item)
    {
        EventFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
        }

        foreach (var feed in feeds)
        {
            feed.Offer(item);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _heartbeats.DisposeAsync().ConfigureAwait(false);
        EventFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }

        foreach (var feed in feeds)
        {
            await feed.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A connection's place in an event's feed; disposing it leaves.</summary>
    internal sealed class Membership(SeatFeedHub hub, EventFeed feed, FeedClient client) : IAsyncDisposable
    {
        public FeedClient Client => client;

        public ValueTask DisposeAsync() => new(hub.LeaveAsync(feed, client));
    }

    /// <summary>One event's subscription and its watchers.</summary>
    internal sealed class EventFeed
    {
        private readonly SeatFeedHub _hub;
        private long _lastVersion = -1;

        public EventFeed(string eventId, SeatFeedHub hub)
        {
            EventId = eventId;
            _hub = hub;
            Subscribed = new(() => hub._engine.SubscribeToChangesAsync(eventId, OnMessageAsync));
        }

        public string EventId { get; }

        /// <summary>Replaced whole under the hub's lock, read without it: a broadcast walks a stable array.</summary>
        public volatile FeedClient[] Clients = [];

        public Lazy<Task<IAsyncDisposable>> Subscribed { get; }

        public void Offer(FeedItem item)
        {
            foreach (var client in Clients)
            {
                client.Offer(item);
            }
        }

        public async Task UnsubscribeAsync()
        {
            try
            {
                await (await Subscribed.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _hub._logger.LogWarning(exception, "Unsubscribing from the seat changes of event {EventId} failed", EventId);
            }
        }

        // Called one message at a time, in the order Redis published them.
        private async Task OnMessageAsync(SeatChangeMessage message)
        {
            if (message.Version <= _lastVersion)
            {
                return;
            }

            if (_lastVersion >= 0 && message.Version > _lastVersion + 1 && !await FillHoleAsync(message).ConfigureAwait(false))
            {
                Offer(FeedItem.Resync);
            }

            if (message.Version > _lastVersion)
            {
                Offer(FeedItem.Of(new EncodedChange(message)));
                _lastVersion = message.Version;
            }
        }

        private async Task<bool> FillHoleAsync(SeatChangeMessage next)
        {
            try
            {
                var read = await _hub._engine.ReadChangesAsync(EventId, _lastVersion, _hub._options.MaxCatchUpMessages).ConfigureAwait(false);
                if (read is not ChangeLogRead.Messages messages)
                {
                    return false;
                }

                foreach (var missed in messages.Items.Where(missed => missed.Version < next.Version))
                {
                    Offer(FeedItem.Of(new EncodedChange(missed)));
                    _lastVersion = missed.Version;
                }

                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _hub._logger.LogWarning(exception, "Reading the change log of event {EventId} failed; watchers resync", EventId);
                return false;
            }
        }
    }
}

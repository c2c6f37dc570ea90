using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Ticketing.FeedReading;

namespace Ticketing.Api.Tests.SeatFeeds;

/// <summary>A message as a client of either feed sees it: its type (<c>snapshot</c> or <c>seats</c>), version and body.</summary>
public sealed record FeedMessage(string Type, long Version, JsonElement Body)
{
    public IEnumerable<(string SeatId, string Status)> Changes => Body.GetProperty("changes").EnumerateArray()
        .Select(change => (change.GetProperty("seat_id").GetString()!, change.GetProperty("status").GetString()!));
}

/// <summary>A feed client: messages are read in the background and handed over in order; heartbeats are counted, not handed over.</summary>
public abstract class FeedClient : IAsyncDisposable
{
    private readonly Channel<FeedMessage> _messages = Channel.CreateUnbounded<FeedMessage>();
    protected readonly CancellationTokenSource Stop = new();
    private Task _reading = Task.CompletedTask;

    public virtual int Heartbeats { get; protected set; }

    public async Task<FeedMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _messages.Reader.ReadAsync(wait.Token);
    }

    public bool TryNext(out FeedMessage? message) => _messages.Reader.TryRead(out message);

    protected void Start(Func<Task> read) => _reading = Task.Run(async () =>
    {
        try
        {
            await read();
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or WebSocketException or HttpRequestException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    });

    protected void Deliver(string type, JsonElement body) =>
        _messages.Writer.TryWrite(new FeedMessage(type, body.GetProperty("version").GetInt64(), body));

    public virtual async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        await _reading;
        Stop.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>An SSE client, reading <c>event:</c>, <c>id:</c> and <c>data:</c> lines as a browser's EventSource does.</summary>
public sealed class SseFeedClient : FeedClient
{
    private readonly HttpClient _http;

    private SseEventScanner? _comments;

    private SseFeedClient(HttpClient http) => _http = http;

    /// <summary>Comment lines: the SSE feed's heartbeats.</summary>
    public override int Heartbeats => _comments?.Comments ?? 0;

    public string? LastEventId { get; private set; }

    /// <summary>Opens a feed; <c>snapshot</c> is the <c>?snapshot=</c> asked for, or null for the default.</summary>
    public static async Task<SseFeedClient> OpenAsync(Uri baseAddress, string eventId, string? lastEventId = null, string? snapshot = null)
    {
        var client = new SseFeedClient(new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/seats/stream{(snapshot is null ? "" : "?snapshot=" + snapshot)}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync();
        client.Start(() => client.ReadAsync(response, stream));
        return client;
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream)
    {
        var scanner = new SseEventScanner(sseEvent =>
        {
            LastEventId = sseEvent.Id >= 0 ? sseEvent.Id.ToString(CultureInfo.InvariantCulture) : LastEventId;
            using var json = JsonDocument.Parse(sseEvent.Data.ToArray());
            Deliver(sseEvent.Name.IsEmpty ? "message" : Encoding.UTF8.GetString(sseEvent.Name), json.RootElement.Clone());
        });
        _comments = scanner;
        using (response)
        {
            await scanner.ReadAsync(stream, Stop.Token);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>A WebSocket client of <c>/ws/events/{id}/seats</c>.</summary>
public sealed class WebSocketFeedClient : FeedClient
{
    private readonly ClientWebSocket _socket = new();

    /// <summary>Opens a feed; <c>snapshot</c> is the <c>?snapshot=</c> asked for, or null for the default.</summary>
    public static async Task<WebSocketFeedClient> OpenAsync(Uri baseAddress, string eventId, long? since = null, string? snapshot = null)
    {
        var client = new WebSocketFeedClient();
        string[] query = [.. new[] { since is null ? null : $"since={since}", snapshot is null ? null : $"snapshot={snapshot}" }.OfType<string>()];
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = $"/ws/events/{eventId}/seats", Query = string.Join('&', query) }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client.Start(client.ReadAsync);
        return client;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, Stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            frame.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using var json = JsonDocument.Parse(frame.ToArray());
            frame.SetLength(0);
            var type = json.RootElement.GetProperty("type").GetString()!;
            if (type == "heartbeat")
            {
                Heartbeats++;
            }
            else
            {
                Deliver(type, json.RootElement.Clone());
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }

        await base.DisposeAsync();
        _socket.Dispose();
    }
}

/// <summary>
/// An SSE client that reads nothing until <see cref="Resume"/>: its socket's receive buffer is
/// made tiny, so what the server writes backs up into the server's buffers instead.
/// </summary>
public sealed class StalledSseClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly Channel<(string Type, long Version)> _events = Channel.CreateUnbounded<(string, long)>();
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;

    private StalledSseClient(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
    }

    public static async Task<StalledSseClient> OpenAsync(Uri baseAddress, string eventId)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Set before connecting, so the window the client offers stays small.
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var response = await http.GetAsync(new Uri($"/api/v1/events/{eventId}/seats/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new StalledSseClient(http, response);
    }

    /// <summary>Starts reading: events (type and version) are handed over in arrival order.</summary>
    public void Resume() => _reading = Task.Run(async () =>
    {
        try
        {
            var scanner = new SseEventScanner(sseEvent => _events.Writer.TryWrite((Encoding.UTF8.GetString(sseEvent.Name), sseEvent.Id)));
            await scanner.ReadAsync(await _response.Content.ReadAsStreamAsync(_stop.Token), _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    });

    /// <summary>The next event; a dropped connection ends the reading, and this throws <see cref="ChannelClosedException"/>.</summary>
    public async Task<(string Type, long Version)> NextAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _http.Dispose();
        _stop.Dispose();
    }
}

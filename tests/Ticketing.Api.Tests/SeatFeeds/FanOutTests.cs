using System.Globalization;
using Ticketing.Api.Tests.Support;
using Ticketing.FeedReading;

namespace Ticketing.Api.Tests.SeatFeeds;

/// <summary>Fan-out: many subscribers on one process, each sees every change of a burst in order.</summary>
public sealed class FanOutTests(FeedsFixture api) : IClassFixture<FeedsFixture>
{
    private const int Subscribers = 1_000;
    private const int Holds = 2_000;

    [Fact]
    public async Task AThousandSubscribersEachReceiveEveryChangeOfA2000HoldBurstInOrder()
    {
        var layout = TestLayouts.Small();
        layout["sections"] = new object[]
        {
            new { id = "FLOOR", name = "Floor", price = 100m, rows = "ABCD".Select(row => new { id = row.ToString(), seats = 500 }).ToArray() },
        };
        var eventId = await api.CreateEventAsync(layout);
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var subscribers = new List<Subscriber>();
        for (var i = 0; i < Subscribers; i++)
        {
            subscribers.Add(await Subscriber.OpenAsync(http, eventId, stop.Token));
        }

        await Task.WhenAll(subscribers.Select(subscriber => subscriber.Snapshot));

        // The burst: 2,000 one-seat holds from 16 concurrent callers, each by its own buyer.
        var next = -1;
        var seats = Enumerable.Range(0, Holds).Select(i => $"FLOOR-{"ABCD"[i / 500]}-{(i % 500) + 1}").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Holds; i = Interlocked.Increment(ref next))
            {
                await api.HoldAsync(eventId, seats[i], "buyer-" + i.ToString(CultureInfo.InvariantCulture));
            }
        })));

        await Task.WhenAll(subscribers.Select(subscriber => subscriber.UntilVersionAsync(Holds)));
        Assert.All(subscribers, subscriber =>
        {
            Assert.Equal(Holds, subscriber.Changes);
            Assert.Null(subscriber.Disorder);
        });
        await stop.CancelAsync();
        foreach (var subscriber in subscribers)
        {
            await subscriber.Reading;
        }
    }

    /// <summary>An SSE reader that only checks event ids (versions): light enough for a thousand in one test process.</summary>
    private sealed class Subscriber
    {
        private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _target = long.MaxValue;
        private long _last = -1;

        public Task Snapshot => _snapshot.Task;

        public Task Reading { get; private set; } = Task.CompletedTask;

        public int Changes { get; private set; }

        public string? Disorder { get; private set; }

        public static async Task<Subscriber> OpenAsync(HttpClient http, string eventId, CancellationToken cancellationToken)
        {
            var subscriber = new Subscriber();
            var response = await http.GetAsync(new Uri($"/api/v1/events/{eventId}/seats/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            subscriber.Reading = Task.Run(() => subscriber.ReadAsync(response, cancellationToken), cancellationToken);
            return subscriber;
        }

        public Task UntilVersionAsync(long version)
        {
            Volatile.Write(ref _target, version);
            if (Volatile.Read(ref _last) >= version)
            {
                _done.TrySetResult();
            }

            return _done.Task;
        }

        private async Task ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using (response)
            {
                try
                {
                    var scanner = new SseEventScanner(sseEvent => Accept(sseEvent.Id, sseEvent.Is("snapshot"u8)));
                    await scanner.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    _done.TrySetResult();
                }
            }
        }

        private void Accept(long version, bool snapshot)
        {
            if (snapshot)
            {
                _snapshot.TrySetResult();
                if (_last >= 0)
                {
                    Disorder ??= $"a second snapshot at {version}";
                }
            }
            else
            {
                if (version != _last + 1)
                {
                    Disorder ??= $"{version} after {_last}";
                }

                Changes++;
            }

            Volatile.Write(ref _last, version);
            if (version >= Volatile.Read(ref _target))
            {
                _done.TrySetResult();
            }
        }
    }
}

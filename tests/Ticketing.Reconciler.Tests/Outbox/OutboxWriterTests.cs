using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Tests.Outbox;

public sealed class OutboxWriterTests
{
    private const string Group = "reconciler";

    [Fact]
    public async Task CommittedOrdersReachPostgresWithTicketsAndPaymentsAndLeaveTheOutbox()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var first = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        var second = await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("B", 5));

        var handled = await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        Assert.Equal(2, handled);
        Assert.Equal(2, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE status = 'confirmed'"));
        Assert.Equal(3, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(241.00m, await harness.DataSource.QueryListAsync<decimal>("SELECT amount FROM payments WHERE order_id = @OrderId", first)
            .ContinueWith(t => t.Result.Single()));
        Assert.Equal(1, await harness.DataSource.CountAsync(
            "SELECT count(*) FROM payments WHERE order_id = @OrderId AND transaction_id = @PaymentTransactionId AND idempotency_key = @IdempotencyKey",
            second));
        var lag = await harness.Get<IOrderOutbox>().GetLagAsync(record.Id.ToString("D"), Group);
        Assert.Equal(new OutboxLag(0, 0, 0, null), lag);
    }

    [Fact]
    public async Task BacklogOfFullBatchesWrittenSeveralAtOnceEndsWithEveryOrderOnceAndNothingPending()
    {
        // Batches of 7: a backlog of 50 orders is 8 batches, all full but the last, so the pass
        // keeps more than one batch in flight against PostgreSQL.
        await using var harness = await ReconcilerHarness.StartAsync(settings: new Dictionary<string, string?> { ["Reconciler:Outbox:BatchSize"] = "7" });
        var record = await harness.CreateEventOnSaleAsync(rows: 5);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => harness.Engine.BuyAsync(record.Id, $"u{i}", Sales.Seat(((char)('A' + i / 10)).ToString(), i % 10 + 1))));

        var handled = await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        Assert.Equal(50, handled);
        Assert.Equal(50, await harness.DataSource.CountAsync("SELECT count(DISTINCT id) FROM orders WHERE status = 'confirmed'"));
        Assert.Equal(50, await harness.DataSource.CountAsync("SELECT count(DISTINCT seat_id) FROM tickets"));
        Assert.Equal(50, await harness.DataSource.CountAsync("SELECT count(*) FROM payments"));
        Assert.Equal(new OutboxLag(0, 0, 0, null), await harness.Get<IOrderOutbox>().GetLagAsync(record.Id.ToString("D"), Group));
    }

    [Fact]
    public async Task RedeliveredEntriesWriteNothingNew()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var orders = new List<OrderRecord>();
        for (var i = 1; i <= 5; i++)
        {
            orders.Add(await harness.Engine.BuyAsync(record.Id, $"u{i}", Sales.Seat("A", i)));
        }

        var writer = harness.Get<OutboxWriter>();
        await writer.DrainEventAsync(record.Id, CancellationToken.None);

        // The same entries again, as a crash between commit and acknowledgement would redeliver them.
        foreach (var order in orders)
        {
            await harness.Redis.AppendToOutboxAsync(order);
        }

        Assert.Equal(5, await writer.DrainEventAsync(record.Id, CancellationToken.None));
        Assert.Equal(5, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
        Assert.Equal(5, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(5, await harness.DataSource.CountAsync("SELECT count(*) FROM payments"));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM alarms"));
    }

    [Fact]
    public async Task EntriesOfAConsumerThatDiedMidBatchAreClaimedAndWrittenOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ReconcilerHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Reconciler:Outbox:ClaimIdleSeconds"] = "30",
        }, time: time);
        var record = await harness.CreateEventOnSaleAsync();
        for (var i = 1; i <= 6; i++)
        {
            await harness.Engine.BuyAsync(record.Id, $"u{i}", Sales.Seat("A", i));
        }

        // A consumer reads the batch and dies before writing or acknowledging it.
        var outbox = harness.Get<IOrderOutbox>();
        var abandoned = await outbox.ReadNewBatchAsync(record.Id.ToString("D"), Group, "dead-consumer", 100);
        Assert.Equal(6, abandoned.Entries.Count);

        var survivor = harness.Get<OutboxWriter>();
        Assert.Equal(0, await survivor.DrainEventAsync(record.Id, CancellationToken.None));

        // Thirty-one seconds pass: on the writer's clock, and for the entries' idle time, which
        // Redis keeps itself (XCLAIM ... IDLE sets it and leaves the dead consumer their owner).
        time.Advance(TimeSpan.FromSeconds(31));
        await harness.Redis.ExecuteAsync("XCLAIM", [EventKeys.Outbox(record.Id.ToString("D")), Group, "dead-consumer", 0,
            .. abandoned.AllEntryIds, "IDLE", 31_000, "JUSTID"]);
        Assert.Equal(6, await survivor.DrainEventAsync(record.Id, CancellationToken.None));

        // The dead consumer comes back and writes its stale batch anyway: still nothing doubles.
        await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, abandoned.Entries, abandoned.Malformed, CancellationToken.None);

        Assert.Equal(6, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
        Assert.Equal(6, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(new OutboxLag(0, 0, 0, null), await outbox.GetLagAsync(record.Id.ToString("D"), Group));
    }

    [Fact]
    public async Task ForgedSecondSaleOfASeatRaisesTheOversellAlarmAndTheRestOfTheBatchIsWritten()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        using var alarms = new AlarmCounter(harness.Get<IMeterFactory>());
        var record = await harness.CreateEventOnSaleAsync();
        var genuine = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        var writer = harness.Get<OutboxWriter>();
        await writer.DrainEventAsync(record.Id, CancellationToken.None);

        // A second order for the same seat that the Lua state machine would never produce, followed by an honest one.
        var forged = Sales.CopyWithNewIds(genuine, "mallory", "forged", Sales.Seat("A", 1));
        await harness.Redis.AppendToOutboxAsync(forged);
        var honest = await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("A", 2));

        Assert.Equal(2, await writer.DrainEventAsync(record.Id, CancellationToken.None));

        var alarm = Assert.Single(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
        Assert.Equal((AlarmKinds.Oversell, Sales.Seat("A", 1), forged.OrderId, genuine.OrderId),
            (alarm.Kind, alarm.SeatId, alarm.OrderId, alarm.ExistingOrderId));
        Assert.Equal(1, alarms.Oversells);
        Assert.Equal(genuine.OrderId, (await harness.DataSource.QueryListAsync<string>(
            "SELECT order_id FROM tickets WHERE seat_id = @seat", new { seat = Sales.Seat("A", 1) })).Single());
        Assert.Equal("seat_conflict", (await harness.DataSource.QueryListAsync<string>(
            "SELECT status FROM orders WHERE id = @OrderId", forged)).Single());
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE order_id = @OrderId", honest));
        Assert.Equal(0, (await harness.Get<IOrderOutbox>().GetLagAsync(record.Id.ToString("D"), Group)).StreamLength);
    }

    [Fact]
    public async Task EntryThatIsNotAnOrderIsRecordedAsAnAlarmAndDoesNotBlockTheStream()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        await harness.Redis.ExecuteAsync("XADD", EventKeys.Outbox(record.Id.ToString("D")), "*", "order", "{not json", "confirmed_at_ms", "1");
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));

        Assert.Equal(2, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        var alarm = Assert.Single(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
        Assert.Equal(AlarmKinds.MalformedOutboxEntry, alarm.Kind);
        Assert.Contains("{not json", alarm.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE id = @OrderId", order));
        Assert.Equal(0, (await harness.Get<IOrderOutbox>().GetLagAsync(record.Id.ToString("D"), Group)).StreamLength);
    }

    [Fact]
    public async Task EntryOfAKindNoWriterTakesIsRecordedAsAnAlarmAndOrdersAroundItAreWritten()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var before = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        await harness.Redis.ExecuteAsync("XADD", EventKeys.Outbox(record.Id.ToString("D")), "*", OutboxKinds.KindField, "unheard_of", "x", "y");
        var after = await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("A", 2));

        Assert.Equal(3, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        var alarm = Assert.Single(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
        Assert.Equal(AlarmKinds.MalformedOutboxEntry, alarm.Kind);
        Assert.Contains("unheard_of", alarm.Detail, StringComparison.Ordinal);
        Assert.Equal(2, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE id IN (@a, @b)", new { a = before.OrderId, b = after.OrderId }));
        Assert.Equal(0, (await harness.Get<IOrderOutbox>().GetLagAsync(record.Id.ToString("D"), Group)).StreamLength);
    }

    [Fact]
    public async Task LagCountsUnreadAndPendingEntriesAndTheOldestOrder()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var first = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("A", 2));
        await harness.Engine.BuyAsync(record.Id, "u3", Sales.Seat("A", 3));
        var outbox = harness.Get<IOrderOutbox>();
        await outbox.ReadNewBatchAsync(id, Group, "slow-consumer", 1);

        var lag = await outbox.GetLagAsync(id, Group);

        Assert.Equal(new OutboxLag(1, 2, 3, first.ConfirmedAt), lag);
        Assert.True(await outbox.HasUnacknowledgedOrderAsync(id, Group, first.OrderId));
        Assert.False(await outbox.HasUnacknowledgedOrderAsync(id, Group, EntityIds.NewOrderId(id)));
    }

    /// <summary>Listens to the alarm counter of one harness's "Ticketing.Reconciler" meter, as a metrics exporter would.</summary>
    private sealed class AlarmCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _oversells;

        /// <param name="scope">The harness's meter factory: tests running in parallel have their own.</param>
        public AlarmCounter(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ReconcilerMetrics.MeterName && instrument.Meter.Scope == scope
                    && instrument.Name == "ticketing.reconciler.alarms")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "kind", Value: AlarmKinds.Oversell })
                    {
                        Interlocked.Add(ref _oversells, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Oversells => Interlocked.Read(ref _oversells);

        public void Dispose() => _listener.Dispose();
    }
}

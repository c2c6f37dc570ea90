using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Refunds;
using Ticketing.TestSupport;
using Xunit.Abstractions;

namespace Ticketing.Reconciler.Tests.Outbox;

/// <summary>Refunds on the writer's side: a worker killed (kill -9) during a burst of refunds loses and doubles nothing.</summary>
public sealed class RefundCrashTests(ITestOutputHelper output)
{
    private const int Orders = 1_000;
    private const int Resold = 200;

    [Fact]
    public async Task ABurstOfRefundsAndResalesEndsExactlyInPostgresAcrossAWorkerKilledMidBatch()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 20, seatsPerRow: 100);
        var seats = record.ToLayout().Seats().Select(s => s.Id).ToList();
        var orders = new Scripts.Orders.OrderRecord[Orders];
        await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => orders[i] = await harness.Engine.BuyAsync(record.Id, $"fan-{i}", seats[2 * i], seats[2 * i + 1]));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        var id = record.Id.ToString("D");
        var outbox = harness.Get<IOrderOutbox>();
        var settings = new Dictionary<string, string>
        {
            ["Reconciler:Jobs:Enabled"] = "false",
            ["Reconciler:Outbox:BatchSize"] = "50",
            ["Reconciler:Outbox:ClaimIdleSeconds"] = "2",
            ["Reconciler:Outbox:EventRefreshSeconds"] = "1",
        };

        // Every order gives back its first ticket; every second order then gives back the rest.
        var burst = Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(orders[i].OrderId, [orders[i].Tickets[0].TicketId]));
            if (i % 2 == 0)
            {
                Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(orders[i].OrderId, []));
            }
        });

        using (var first = WorkerProcess.Start("reconciler-1", harness, settings))
        {
            await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE status = 'refunded'") >= 200,
                TimeSpan.FromSeconds(90), $"the first writer never wrote 200 refunds:\n{first.RecentOutput}");
            await Eventually.HoldsAsync(async () =>
            {
                first.Pause();
                if ((await outbox.GetLagAsync(id, "reconciler")).Pending > 0)
                {
                    return true;
                }

                first.Resume();
                return false;
            }, TimeSpan.FromSeconds(90), "the first writer was never caught with a batch in hand");
            first.Kill();
            output.WriteLine($"killed with {await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE status = 'refunded'")} tickets refunded in PostgreSQL");
        }

        await burst;
        // The refunded seats of the first orders sell again, while the refunds are still on their way.
        await Parallel.ForEachAsync(Enumerable.Range(0, Resold), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await harness.Engine.BuyAsync(record.Id, $"second-fan-{i}", orders[i].Tickets[0].SeatId));

        using var second = WorkerProcess.Start("reconciler-2", harness, settings);
        await Eventually.HoldsAsync(async () => (await outbox.GetLagAsync(id, "reconciler")).StreamLength == 0,
            TimeSpan.FromSeconds(90), $"the second writer did not drain the outbox:\n{second.RecentOutput}");

        // Refunded: every first ticket and the second ticket of every even order. Active: the odd
        // orders' second tickets and the resales.
        Assert.Equal(Orders + Orders / 2, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE event_id = @Id AND status = 'refunded'", record));
        Assert.Equal(Orders / 2 + Resold, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE event_id = @Id AND status = 'active'", record));
        Assert.Equal(Orders / 2, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE event_id = @Id AND status = 'refunded'", record));
        Assert.Equal(Orders / 2, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE event_id = @Id AND status = 'partially_refunded'", record));
        Assert.Equal(Resold, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE event_id = @Id AND status = 'confirmed'", record));
        Assert.Equal(Orders / 2, await harness.DataSource.CountAsync("SELECT count(*) FROM payments WHERE event_id = @Id AND status = 'refunded'", record));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
        Assert.Equal(Orders / 2 + Resold, (await harness.Engine.GetAvailabilityAsync(id))!.SoldSeats);
    }
}

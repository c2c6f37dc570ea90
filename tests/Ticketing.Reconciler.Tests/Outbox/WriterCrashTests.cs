using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Outbox;
using Ticketing.TestSupport;
using Xunit.Abstractions;

namespace Ticketing.Reconciler.Tests.Outbox;

/// <summary>Promise 2 on the writer's side: a Reconciler killed mid-batch loses and doubles nothing.</summary>
public sealed class WriterCrashTests(ITestOutputHelper output)
{
    private const int Orders = 10_000;

    [Fact]
    public async Task TenThousandCommitsEndAsExactlyTenThousandOrdersAcrossAWriterKilledMidBatch()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 100, seatsPerRow: 100);
        var seats = record.ToLayout().Seats().Select(s => s.Id).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => await harness.Engine.BuyAsync(record.Id, $"fan-{i}", seats[i]));

        var id = record.Id.ToString("D");
        var outbox = harness.Get<IOrderOutbox>();
        var settings = new Dictionary<string, string>
        {
            ["Reconciler:Jobs:Enabled"] = "false",
            ["Reconciler:Outbox:BatchSize"] = "250",
            ["Reconciler:Outbox:ClaimIdleSeconds"] = "2",
            ["Reconciler:Outbox:EventRefreshSeconds"] = "1",
        };

        long writtenAtKill;
        long pendingAtKill;
        using (var first = WorkerProcess.Start("reconciler-1", harness, settings))
        {
            await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync("SELECT count(*) FROM orders") >= 1_000,
                TimeSpan.FromSeconds(90), $"the first writer never wrote 1,000 orders:\n{first.RecentOutput}");

            // Kill while a batch is in hand: read (pending) but not yet acknowledged. Frozen, the
            // writer can neither acknowledge nor read between the check and the kill; a freeze
            // that caught it between batches is thawed and tried again.
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
            writtenAtKill = await harness.DataSource.CountAsync("SELECT count(*) FROM orders");
            pendingAtKill = (await outbox.GetLagAsync(id, "reconciler")).Pending;
            output.WriteLine($"killed with {writtenAtKill} orders written and {pendingAtKill} entries pending on the dead consumer");
        }

        Assert.InRange(writtenAtKill, 1_000, Orders - 1);
        Assert.True(pendingAtKill > 0);

        using var second = WorkerProcess.Start("reconciler-2", harness, settings);
        await Eventually.HoldsAsync(async () => (await outbox.GetLagAsync(id, "reconciler")).StreamLength == 0,
            TimeSpan.FromSeconds(90), "the second writer did not drain the outbox");

        Assert.Equal(Orders, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE event_id = @Id", record));
        Assert.Equal(Orders, await harness.DataSource.CountAsync("SELECT count(DISTINCT seat_id) FROM tickets WHERE event_id = @Id", record));
        Assert.Equal(Orders, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE event_id = @Id", record));
        Assert.Equal(Orders, await harness.DataSource.CountAsync("SELECT count(*) FROM payments WHERE event_id = @Id", record));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
    }
}

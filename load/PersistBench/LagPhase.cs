using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Ops;
using Ticketing.Scripts;
using Ticketing.Scripts.Layout;

namespace Ticketing.PersistBench;

/// <summary>What the steady-rate phase measured.</summary>
internal sealed record LagResult(int TargetRate, double AchievedRate, int Commits, int FailedCommits, int Persisted, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// Commits at a steady rate through the engine while the hosted outbox writer runs, and records
/// every order's persist lag: Redis commit time (from the order) to the moment its PostgreSQL
/// transaction committed (the writer's <c>ticketing.reconciler.persist_lag</c> histogram).
/// </summary>
internal sealed class LagPhase(IInventoryEngine engine, IEventRepository events, IEventLoader loader)
{
    private const int MaxConcurrentBuyers = 64;

    /// <summary>
    /// Commits <paramref name="warmupSeconds"/> of the same load unmeasured, then measures
    /// <paramref name="seconds"/>. A fresh process JIT-compiles, grows its heap (with its first
    /// full collections) and fills its pools in its first seconds; that start says nothing about a
    /// writer that has been running, and left in the window it decides the p99.
    /// </summary>
    public async Task<LagResult> RunAsync(int rate, int seconds, int warmupSeconds)
    {
        var warmup = rate * warmupSeconds;
        var total = rate * seconds;
        var record = await events.CreateAsync(new NewEvent("Persist bench", "Loopback", DateTimeOffset.UtcNow.AddDays(1), "USD", 300, 8, 8, 1,
            [new SectionLayout("FLOOR", "Floor", 120.50m, [.. Enumerable.Range(0, (warmup + total + 99) / 100).Select(i => new RowLayout($"R{i}", 100))])]));
        await loader.EnsureLoadedAsync(record);
        var eventId = record.Id.ToString("D");
        var seats = record.ToLayout().Seats().Select(s => s.Id).ToList();

        // The sale opens after the writer's next look at the on-sale list (Reconciler:Outbox:EventRefreshSeconds).
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var lags = new ConcurrentBag<double>();
        using var listener = ListenToPersistLag(lags);
        if (warmup > 0)
        {
            var warmupFailed = (await CommitSteadilyAsync(eventId, seats[..warmup], rate)).Failed;
            await WaitForAsync(lags, warmup - warmupFailed);
            lags.Clear();
        }

        var (failed, achieved) = await CommitSteadilyAsync(eventId, seats[warmup..(warmup + total)], rate);
        var committed = total - failed;
        await WaitForAsync(lags, committed);

        var sorted = lags.Order().ToList();
        return new LagResult(rate, achieved, total, failed, sorted.Count,
            Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), sorted.Count == 0 ? double.NaN : sorted[^1]);
    }

    private async Task<(int Failed, double AchievedRate)> CommitSteadilyAsync(string eventId, IReadOnlyList<string> seats, int rate)
    {
        var buyer = new Buyer(engine);
        var failed = 0;
        var inFlight = new List<Task>(seats.Count);
        // Bounded like a real front end (a pool of Api workers): when Redis cannot keep up, the
        // rate drops instead of an unbounded queue forming inside the client.
        using var slots = new SemaphoreSlim(MaxConcurrentBuyers);
        var clock = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
        {
            var next = 0;
            while (next < seats.Count && await timer.WaitForNextTickAsync())
            {
                // Paced by the clock, not by ticks: a late tick issues what is due, keeping the rate steady.
                var due = Math.Min(seats.Count, (int)(rate * clock.Elapsed.TotalSeconds));
                for (; next < due; next++)
                {
                    var seat = seats[next];
                    var user = $"fan-{seat}";
                    await slots.WaitAsync();
                    inFlight.Add(Task.Run(async () =>
                    {
                        try
                        {
                            if (!await buyer.BuyAsync(eventId, user, seat))
                            {
                                Interlocked.Increment(ref failed);
                            }
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }));
                }
            }
        }

        await Task.WhenAll(inFlight);
        return (failed, seats.Count / clock.Elapsed.TotalSeconds);
    }

    // Every committed order's lag is recorded once it is in PostgreSQL; a minute is far past any lag seen.
    private static async Task WaitForAsync(ConcurrentBag<double> lags, int persisted)
    {
        var deadline = Stopwatch.StartNew();
        while (lags.Count < persisted && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }
    }

    private static MeterListener ListenToPersistLag(ConcurrentBag<double> lags)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ReconcilerMetrics.MeterName && instrument.Name == "ticketing.reconciler.persist_lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Add(value));
        listener.Start();
        return listener;
    }
}

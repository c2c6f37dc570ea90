using System.Diagnostics;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.EngineBench;

/// <summary>The same holds through the C# façade: <c>callers</c> concurrent loops in one process.</summary>
internal static class FacadeRun
{
    public sealed record Result(double HoldsPerSecond, double SuccessRatio, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(IInventoryEngine engine, string eventId, int rows, int requests, int callers)
    {
        var issued = 0;
        var held = 0;
        var latencies = new double[requests];
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref issued) - 1) < requests)
            {
                var seats = Enumerable.Range(1, BenchOptions.SeatsPerHold)
                    .Select(number => BenchEvent.SeatId(Random.Shared.Next(rows), number))
                    .ToArray();
                var started = Stopwatch.GetTimestamp();
                var outcome = await engine.HoldSeatsAsync(new HoldSeatsRequest(
                    eventId, $"u{Random.Shared.Next(rows)}", Guid.NewGuid().ToString("N"), seats, 3600));
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (outcome is HoldOutcome.Held)
                {
                    Interlocked.Increment(ref held);
                }
                else if (outcome is not HoldOutcome.SeatsUnavailable)
                {
                    throw new InvalidOperationException($"unexpected answer {outcome}");
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var elapsed = clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        return new Result(requests / elapsed, (double)held / requests, latencies[requests / 2], latencies[(int)(requests * 0.99)]);
    }
}

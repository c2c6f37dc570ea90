using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Ticketing.Load.Api;
using Ticketing.Load.Measurement;
using Ticketing.Load.Scenarios.FlashSale;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.HoldRate;

/// <summary>
/// Holds at a fixed RATE per second for DURATION (an open model, as wrk2 or k6's
/// constant-arrival-rate run it): request i is due at start + i/RATE whether or not earlier ones
/// have answered, and its latency is counted from when it was due. A server that falls behind
/// therefore shows its queueing in the percentiles instead of hiding it (coordinated omission).
/// </summary>
public static class HoldRateScenario
{
    public static async Task<RunReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var plan = FlashSaleOptions.ReadEventPlan(settings, defaultSeats: 100_000) with
        {
            MaxTicketsPerUser = settings.Integer("max-tickets-per-user", 1_000),
            HoldTtlSeconds = settings.Integer("hold-ttl", 300),
        };
        var eventId = await context.EventIdAsync(plan, $"Hold rate {context.RunId}", cancellationToken);
        var rate = settings.Number("rate", 500);
        var duration = settings.Duration("duration", TimeSpan.FromSeconds(20));
        var seatsPerHold = settings.Integer("seats-per-hold", 4);
        var users = settings.Integer("users", 1_000);
        var p99Limit = settings.Number("p99-limit", 25);

        var seatMap = await context.Setup.GetSeatMapAsync(eventId, null, cancellationToken);
        var blocks = new SeatBlocks(seatMap.Body ?? throw new InvalidOperationException($"seat map answered {seatMap.Outcome}"), seatsPerHold);
        var tokens = await Tokens.ManyAsync(context.Setup, $"rate-{context.RunId}", users, 32, cancellationToken);

        // A warm-up at the same rate opens the connections and lets both sides' JIT settle; its holds
        // take their own seats (the blocks after the measured ones) and are not counted.
        var warmup = settings.Duration("warmup", TimeSpan.FromSeconds(3));
        var warmupOffset = (long)(rate * duration.TotalSeconds) + 1;
        Console.WriteLine($"hold rate: event {eventId}, {rate}/s for {duration} after {warmup} of warm-up, {seatsPerHold} seats per hold, {users} users");
        await RunAtRateAsync(context.Measured(new Recorder()), rate, warmup, warmupOffset);

        var recorder = new Recorder();
        var startedAt = DateTimeOffset.UtcNow;
        recorder.StartMeasuring();
        var calls = await RunAtRateAsync(context.Measured(recorder), rate, duration, 0);
        recorder.StopMeasuring();

        var knobs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rate"] = rate.ToString(CultureInfo.InvariantCulture),
            ["duration"] = duration.ToString(),
            ["seats_per_hold"] = seatsPerHold.ToString(CultureInfo.InvariantCulture),
            ["users"] = users.ToString(CultureInfo.InvariantCulture),
        };
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id"] = eventId,
            ["holds_scheduled"] = calls.ToString(CultureInfo.InvariantCulture),
            ["fresh_seat_blocks"] = blocks.Blocks.ToString(CultureInfo.InvariantCulture),
        };
        async Task<int> RunAtRateAsync(TicketingClient client, double callsPerSecond, TimeSpan period, long firstBlock)
        {
            var started = await Task.Factory.StartNew(
                () => Dispatch(callsPerSecond, period, (index, due) =>
                    HoldAsync(client, eventId, tokens[index % tokens.Length], blocks.Block(firstBlock + index), due, cancellationToken)),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Task.WhenAll(started);
            return started.Count;
        }

        Threshold[] thresholds = [new("hold", ThresholdMetric.P99, p99Limit), new("hold", ThresholdMetric.UnexpectedRate, 0.01)];
        return RunReport.From("hold-rate", startedAt, recorder, knobs, thresholds, facts);
    }

    /// <summary>
    /// Starts call i at start + i/rate on this (dedicated) thread; returns every call started. The
    /// thread sleeps in 1 ms steps and then starts every call that has come due: spinning to the exact
    /// tick would burn a core the service under test needs on a small machine. A call started late is
    /// still timed from its due time, so the dispatcher's own lateness counts against the service.
    /// </summary>
    internal static ConcurrentBag<Task> Dispatch(double rate, TimeSpan duration, Func<long, long, Task> call)
    {
        var calls = new ConcurrentBag<Task>();
        var ticksPerCall = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long index = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            for (var due = start + (long)(index * ticksPerCall); due <= now; due = start + (long)(index * ticksPerCall))
            {
                if (due >= end)
                {
                    return calls;
                }

                calls.Add(call(index, due));
                index++;
            }

            Thread.Sleep(1);
        }
    }

    private static Task HoldAsync(
        TicketingClient client, string eventId, string token, IReadOnlyList<string> seats, long due, CancellationToken cancellationToken) =>
        client.HoldAsync(token, eventId, new HoldRequest(Guid.NewGuid().ToString(), seats, null, null), cancellationToken, scheduledTimestamp: due);
}

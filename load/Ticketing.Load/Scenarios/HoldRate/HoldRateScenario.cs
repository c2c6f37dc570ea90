using System.Globalization;
using Ticketing.Load.Api;
using Ticketing.Load.Measurement;
using Ticketing.Load.Scenarios.FlashSale;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.HoldRate;

/// <summary>
/// Holds at a fixed RATE per second for DURATION (an open model, paced by <see cref="FixedRate"/>):
/// request i is due at start + i/RATE whether or not earlier ones have answered, and its latency
/// is counted from when it was due, the dispatcher's own lateness included. A server that falls
/// behind therefore shows its queueing in the percentiles instead of hiding it (coordinated omission).
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
        async Task<long> RunAtRateAsync(TicketingClient client, double callsPerSecond, TimeSpan period, long firstBlock)
        {
            // Only the dispatcher thread adds, and the list is read after it has finished.
            var holds = new List<Task>();
            var started = await FixedRate.RunAsync(callsPerSecond, period, (index, due) =>
                holds.Add(HoldAsync(client, eventId, tokens[index % tokens.Length], blocks.Block(firstBlock + index), due, cancellationToken)),
                cancellationToken);
            await Task.WhenAll(holds);
            return started;
        }

        Threshold[] thresholds = [new("hold", ThresholdMetric.P99, p99Limit), new("hold", ThresholdMetric.UnexpectedRate, 0.01)];
        return RunReport.From("hold-rate", startedAt, recorder, knobs, thresholds, facts);
    }

    private static Task HoldAsync(
        TicketingClient client, string eventId, string token, IReadOnlyList<string> seats, long due, CancellationToken cancellationToken) =>
        client.HoldAsync(token, eventId, new HoldRequest(Guid.NewGuid().ToString(), seats, null, null), cancellationToken, scheduledTimestamp: due);
}

using System.Globalization;
using Ticketing.Load.Api;
using Ticketing.Load.Measurement;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Scenarios.Browse;

/// <summary>
/// USERS anonymous visitors browse for DURATION: the catalogue, one event, its seat map, over and
/// over. Mirrors load/k6/browse.js; nothing changes state, so no invariant check follows.
/// </summary>
public static class BrowseScenario
{
    public static readonly IReadOnlyList<Threshold> Thresholds =
    [
        new("events", ThresholdMetric.P95, 50),
        new("event", ThresholdMetric.P95, 50),
        new("seatmap", ThresholdMetric.P95, 200),
        new("events", ThresholdMetric.UnexpectedRate, 0.01),
        new("event", ThresholdMetric.UnexpectedRate, 0.01),
        new("seatmap", ThresholdMetric.UnexpectedRate, 0.01),
    ];

    public static async Task<RunReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var plan = FlashSaleOptions.ReadEventPlan(settings, defaultSeats: 2_000);
        var eventId = await context.EventIdAsync(plan, $"Browse {context.RunId}", cancellationToken);
        var users = settings.Integer("users", 50);
        var duration = settings.Duration("duration", TimeSpan.FromSeconds(30));

        var recorder = new Recorder();
        var client = context.Measured(recorder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var startedAt = DateTimeOffset.UtcNow;
        Console.WriteLine($"browse: event {eventId}, {users} virtual users for {duration}");
        recorder.StartMeasuring();
        await Task.WhenAll(Enumerable.Range(0, users).Select(_ => BrowseUntilStoppedAsync(client, eventId, stop.Token)));
        recorder.StopMeasuring();

        var knobs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["users"] = users.ToString(CultureInfo.InvariantCulture),
            ["duration"] = duration.ToString(),
            ["event_seats"] = plan.Seats.ToString(CultureInfo.InvariantCulture),
        };
        return RunReport.From("browse", startedAt, recorder, knobs, Thresholds,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["event_id"] = eventId });
    }

    private static async Task BrowseUntilStoppedAsync(TicketingClient client, string eventId, CancellationToken stop)
    {
        try
        {
            var page = 1;
            while (!stop.IsCancellationRequested)
            {
                await client.ListEventsAsync(null, page, stop);
                await client.GetEventAsync(eventId, null, stop);
                await client.GetSeatMapAsync(eventId, null, stop);
                page = page % 3 + 1;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The duration ran out mid-call.
        }
    }
}

using System.Globalization;
using Ticketing.Load.Api;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// A flash sale through the event's waiting room, mirroring load/k6/flash-sale.js: the run turns
/// the room on (the caps and latency target of <see cref="RoomPlan"/>), then FANS fans join at
/// JOIN_RATE per second, each polls its place as the service paces it, and each admitted fan buys
/// once with its admission token. The service's admission loop, not the driver, decides how fast
/// fans get in. At most USERS fans are in flight; a join that finds them all busy is dropped and
/// counted. Latency is what a fan sees: each request is timed from its own send. The sale ends when
/// the event sells out or DURATION passes; then the invariant check runs against Redis and
/// PostgreSQL (unless --no-check).
/// </summary>
public static class FlashSaleScenario
{
    /// <summary>The k6 script's thresholds, in the same words.</summary>
    public static readonly IReadOnlyList<Threshold> Thresholds =
    [
        new("hold", ThresholdMetric.P95, 50),
        new("hold", ThresholdMetric.P99, 100),
        new("hold_best", ThresholdMetric.P99, 100),
        new("commit", ThresholdMetric.P95, 50),
        new("commit", ThresholdMetric.P99, 100),
        new("hold", ThresholdMetric.UnexpectedRate, 0.01),
        new("hold_best", ThresholdMetric.UnexpectedRate, 0.01),
        new("commit", ThresholdMetric.UnexpectedRate, 0.01),
        new("join", ThresholdMetric.UnexpectedRate, 0.01),
        new("poll", ThresholdMetric.UnexpectedRate, 0.01),
    ];

    public static async Task<RunReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var sale = await SellAsync(context, new Recorder(), cancellationToken);
        if (context.Settings.Flag("no-check"))
        {
            return sale.Report;
        }

        Console.WriteLine("checking invariants against Redis and PostgreSQL ...");
        var invariants = await InvariantRunner.RunAsync(InvariantOptions.Read(context.Settings), sale.EventId, sale.OrderIds, cancellationToken);
        return sale.Report with { Invariants = invariants };
    }

    /// <summary>
    /// The sale itself, every call counted in <paramref name="recorder"/>; the invariants are the
    /// caller's to check. <paramref name="opened"/> is called once the event exists and its room is on.
    /// </summary>
    public static async Task<SaleResult> SellAsync(ScenarioContext context, Recorder recorder, CancellationToken cancellationToken, Action? opened = null)
    {
        var settings = context.Settings;
        var plan = FlashSaleOptions.ReadEventPlan(settings, defaultSeats: 20_000);
        var options = FlashSaleOptions.Read(settings, context.RunId, plan);
        var eventId = await context.EventIdAsync(plan, $"Flash sale {context.RunId}", cancellationToken);
        var admin = await Tokens.AdminAsync(context.Setup, settings.Find("admin-token"), cancellationToken);
        var opensAt = await SaleRoom.OpenAsync(context.Setup, admin, eventId, options.Room, cancellationToken);
        opened?.Invoke();

        var client = context.Measured(recorder);
        var tally = new SaleTally(plan.Seats, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sale = new SaleWatch(client, eventId, stop);
        var browsers = new BrowserPool(options.Seed);
        var fans = new FanJourney(client, options, eventId, browsers, new BuyerJourney(client, options, eventId, sale, tally));
        var arrivals = new Arrivals<FanSlot>(Enumerable.Range(0, options.Users).Select(_ => new FanSlot()), fans.RunAsync, stop.Token);
        var startedAt = DateTimeOffset.UtcNow;

        Console.WriteLine($"flash sale: event {eventId}, {options.Fans} fans joining its waiting room at {options.JoinRate}/s " +
            $"(max_active {options.Room.MaxActive}, admit_per_second {options.Room.AdmitPerSecond}, target p99 {options.Room.TargetP99Ms} ms), up to {options.Duration}" +
            (opensAt is { } open ? $"; the sale opens at {open:HH:mm:ss} UTC, fans who join before wait in its pre-queue" : ""));
        var cpuBefore = Environment.CpuUsage.TotalTime;
        stop.CancelAfter(options.Duration);
        recorder.StartMeasuring();
        var joining = TimeSpan.FromSeconds(Math.Min(options.Fans / options.JoinRate, options.Duration.TotalSeconds));
        await FixedRate.RunAsync(options.JoinRate, joining, (index, _) =>
        {
            if (index < options.Fans)
            {
                arrivals.Arrive(index);
            }
        }, stop.Token);
        await arrivals.AllEndedAsync();
        recorder.StopMeasuring();
        var endedAt = DateTimeOffset.UtcNow;
        var driverCpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var soldOut = sale.LastSeen is { AvailableSeats: 0, HeldSeats: 0 };
        var counts = arrivals.Counts;
        var room = await SaleRoom.ReadAsync(context.Setup, admin, eventId, cancellationToken);

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id"] = eventId,
            ["sold_out"] = soldOut ? "true" : "false",
            ["seconds_to_sell_out"] = soldOut ? recorder.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "not sold out",
            ["confirmed_orders"] = Text(tally.Orders.Count),
            ["fans_joined"] = Text(counts.Scheduled - counts.Dropped),
            ["fans_admitted"] = Text(fans.Admitted),
            ["arrivals_scheduled"] = Text(counts.Scheduled),
            ["arrivals_dropped"] = Text(counts.Dropped),
            ["fans_completed"] = Text(counts.Completed),
            ["peak_fans_in_flight"] = Text(counts.PeakInFlight),
            ["peak_fans_buying"] = Text(browsers.Made),
            ["driver_cpu_seconds"] = driverCpu.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),

            // The sale's window on the wall clock, from the open (or, without a pre-queue, the first
            // join) to the sell-out or the end of buying: the bench cuts its CPU samples to it.
            ["sale_window_start_unix"] = UnixSeconds(opensAt ?? startedAt),
            ["sale_window_end_unix"] = UnixSeconds(endedAt),
        };
        foreach (var share in SaleTally.Milestones)
        {
            // Timed like the sell-out: from the open, or from the first join without a pre-queue.
            facts[string.Create(CultureInfo.InvariantCulture, $"seconds_to_{share * 100:0}_percent_sold")] = tally.ReachedAt(share) is { } reached
                ? (reached - (opensAt ?? startedAt)).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)
                : "not reached";
        }

        if (opensAt is { } openedAt)
        {
            // An announced on-sale is timed from its opening, as its buyers see it: the pre-queue
            // before it only gathers fans.
            facts["pre_queue_seconds"] = (openedAt - startedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
            facts["seconds_from_open_to_sell_out"] = soldOut ? (endedAt - openedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "not sold out";
        }

        foreach (var (name, value) in room)
        {
            facts[name] = value;
        }

        var report = RunReport.From("flash-sale", startedAt, recorder, Knobs(options, plan.Seats), Thresholds, facts);
        return new SaleResult(eventId, report, [.. tally.Orders]);
    }

    private static Dictionary<string, string> Knobs(FlashSaleOptions options, int eventSeats) => new(StringComparer.Ordinal)
    {
        ["fans"] = Text(options.Fans),
        ["join_rate"] = options.JoinRate.ToString(CultureInfo.InvariantCulture),
        ["users"] = Text(options.Users),
        ["duration"] = options.Duration.ToString(),
        ["event_seats"] = Text(eventSeats),
        ["max_active"] = Text(options.Room.MaxActive),
        ["admit_per_second"] = Text(options.Room.AdmitPerSecond),
        ["target_p99_ms"] = Text(options.Room.TargetP99Ms),
        ["admission_ttl"] = options.Room.AdmissionTtlSeconds?.ToString(CultureInfo.InvariantCulture) ?? "the service's default",
        ["pre_queue"] = options.Room.PreQueue?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "none",
        ["max_poll_wait"] = options.MaxPollWait?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "as the service answers",
        ["max_seats"] = Text(options.Mix.MaxSeats),
        ["best_available_share"] = options.Mix.BestAvailableShare.ToString(CultureInfo.InvariantCulture),
        ["decline_share"] = options.Mix.DeclineShare.ToString(CultureInfo.InvariantCulture),
        ["abandon_share"] = options.Mix.AbandonShare.ToString(CultureInfo.InvariantCulture),
        ["hold_ttl"] = Text(options.HoldTtlSeconds),
        ["max_retries"] = Text(options.MaxRetries),
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}

/// <summary>What a sale left: its event, its report (no invariants yet), and every order whose commit answered 200.</summary>
public sealed record SaleResult(string EventId, RunReport Report, IReadOnlyList<OrderResponse> AcknowledgedOrders)
{
    public IReadOnlyList<string> OrderIds => [.. AcknowledgedOrders.Select(order => order.OrderId)];
}

/// <summary>The sale's waiting room as its operator sees it: turned on before the sale, read back after it.</summary>
public static class SaleRoom
{
    /// <summary>
    /// Turns the room on; <paramref name="paused"/> makes one that takes joins but admits nobody (the
    /// bench's joins and polls measure the queue alone). Answers when the sale opens when the plan
    /// has a pre-queue, else null (open at once).
    /// </summary>
    public static async Task<DateTimeOffset?> OpenAsync(
        TicketingClient setup, string adminToken, string eventId, RoomPlan room, CancellationToken cancellationToken, bool paused = false)
    {
        // Whole seconds: the room keeps opens_at in milliseconds, and a round time reads well in logs.
        DateTimeOffset? opensAt = room.PreQueue is { } preQueue
            ? DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + preQueue).ToUnixTimeSeconds())
            : null;
        var configured = await setup.ConfigureWaitingRoomAsync(
            adminToken, eventId,
            new RoomSettingsRequest(true, room.AdmitPerSecond, room.MaxActive, room.TargetP99Ms, paused ? true : null, room.AdmissionTtlSeconds, opensAt),
            cancellationToken);
        if (!configured.Is(System.Net.HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"turning the waiting room on answered {configured.Outcome}");
        }

        return opensAt;
    }

    /// <summary>
    /// The admission loop's rate and reason at the end, the highest and the median rate it set over
    /// the sale (its chart's history), and the fans it admitted in all, from the ops dashboard.
    /// </summary>
    public static async Task<Dictionary<string, string>> ReadAsync(TicketingClient setup, string adminToken, string eventId, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var ops = await setup.GetOpsAsync(adminToken, cancellationToken);
        if (ops.Body?.WaitingRooms.FirstOrDefault(room => string.Equals(room.EventId, eventId, StringComparison.OrdinalIgnoreCase)) is not { } seen)
        {
            facts["room_rate"] = $"not read ({ops.Outcome})";
            return facts;
        }

        facts["room_admitted_total"] = seen.AdmittedTotal.ToString(CultureInfo.InvariantCulture);
        facts["room_rate_at_end"] = Rate(seen.Rate);
        facts["room_reason_at_end"] = seen.Reason ?? "none";
        var history = seen.RateHistory.Select(point => point.Rate).Order().ToList();
        if (history.Count > 0)
        {
            facts["room_rate_median"] = Rate(history[history.Count / 2]);
            facts["room_rate_peak"] = Rate(history[^1]);
        }

        return facts;
    }

    private static string Rate(double? rate) => rate?.ToString("0.#", CultureInfo.InvariantCulture) ?? "none";
}

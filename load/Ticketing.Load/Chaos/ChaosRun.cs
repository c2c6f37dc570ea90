using System.Globalization;
using Ticketing.Load.Api;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;
using Ticketing.Load.Scenarios;
using Ticketing.Load.Scenarios.FlashSale;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Chaos;

/// <summary>
/// A flash sale (the flash-sale scenario, through the waiting room) while the fault schedule kills
/// each kind of process in turn and starts it again; a probe keeps trying holds throughout. Once
/// the sale and the schedule are both over, the invariant check waits for the stores to converge,
/// a reconciliation runs, and every order acknowledged with a 200 is looked up.
/// </summary>
public static class ChaosRun
{
    private static readonly TimeSpan RecoveryPoll = TimeSpan.FromMilliseconds(100);

    public static async Task<ChaosReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var options = ChaosOptions.Read(settings);
        var schedule = FaultSchedule.Draw(options.Seed, options.Targets, options.Gap, options.Down);
        Console.WriteLine($"chaos: seed {options.Seed}; schedule {string.Join(", ", schedule.Select(fault => string.Create(CultureInfo.InvariantCulture, $"{fault.Target} after {fault.Before.TotalSeconds:0.0} s, down {fault.Down.TotalSeconds:0.0} s")))}");

        var timeline = new Timeline();
        var faults = new FaultCommand(options.FaultCommand, options.StartTimeout);
        var probe = await RecoveryProbe.CreateAsync(context, context.Measured(new Recorder(timeline)), cancellationToken);
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probing = probe.RunAsync(stopProbe.Token);
        var startedAt = DateTimeOffset.UtcNow;

        // The first fault waits for the sale to be open: setting it up is not what is under test.
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var selling = FlashSaleScenario.SellAsync(context, new Recorder(timeline), cancellationToken, open.SetResult);
        await Task.WhenAny(open.Task, selling);
        if (selling.IsFaulted)
        {
            await selling;
        }

        var faultReports = await InjectAsync(schedule, faults, timeline, options.RecoveryLimit, cancellationToken);
        var sale = await selling;
        await stopProbe.CancelAsync();
        await probing;
        var seconds = timeline.Now.TotalSeconds;

        Console.WriteLine("waiting for the stores to converge, then checking invariants ...");
        var invariants = await InvariantRunner.RunAsync(InvariantOptions.Read(settings), sale.EventId, sale.OrderIds, cancellationToken);
        var admin = await Tokens.AdminAsync(context.Setup, settings.Find("admin-token"), cancellationToken);
        var reconciled = await context.Setup.ReconcileAsync(admin, cancellationToken);
        var ops = await context.Setup.GetOpsAsync(admin, cancellationToken);
        // The dashboard, read after the closing run, lists that run's repairs too: they count once.
        var repairs = (ops.Body?.Repairs ?? []).Where(repair => repair.RunId is null || repair.RunId != reconciled.Body?.RunId)
            .Concat(reconciled.Body?.Repairs ?? [])
            .Where(repair => string.Equals(repair.EventId, sale.EventId, StringComparison.OrdinalIgnoreCase))
            .GroupBy(repair => repair.Kind, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.Ordinal);
        var alarms = (ops.Body?.Alarms ?? []).Count(alarm => alarm.Kind == "oversell" && string.Equals(alarm.EventId, sale.EventId, StringComparison.OrdinalIgnoreCase));

        var outsideWindows = timeline.Unexpected()
            .Where(call => !faultReports.Any(fault => call.Ended.TotalSeconds >= fault.KilledAtSeconds && call.Ended.TotalSeconds <= fault.KilledAtSeconds + fault.WindowSeconds))
            .ToList();
        return new ChaosReport(
            options.Seed,
            sale.EventId,
            startedAt,
            Math.Round(seconds, 1),
            faultReports,
            sale.AcknowledgedOrders.Count,
            LostOrders(invariants),
            SeatsSoldTwice(invariants, sale.AcknowledgedOrders),
            alarms,
            repairs,
            reconciled.Body is { } run ? $"run {run.RunId}, {run.Repairs.Count} repairs" : $"answered {reconciled.Outcome}",
            invariants,
            sale.Report)
        {
            UnexpectedOutsideWindows = [.. outsideWindows.Take(200).Select(call => new UnexpectedAnswer(Math.Round(call.Ended.TotalSeconds, 2), call.Operation, call.Outcome))],
            UnexpectedOutsideWindowsCount = outsideWindows.Count,
        };
    }

    /// <summary>Runs the schedule: each kill, the wait while the process is down, its start, and the wait until holds work again.</summary>
    private static async Task<IReadOnlyList<FaultReport>> InjectAsync(
        IReadOnlyList<Fault> schedule, FaultCommand faults, Timeline timeline, TimeSpan recoveryLimit, CancellationToken cancellationToken)
    {
        var reports = new List<FaultReport>();
        foreach (var fault in schedule)
        {
            await Task.Delay(fault.Before, cancellationToken);
            // Errors count from the moment the kill is ordered; recovery from once it has run
            // (starting its command takes a while on a busy machine): a hold sent before that could
            // still reach the process and would fake a recovery.
            var killOrdered = timeline.Now;
            await faults.KillAsync(fault.Target, cancellationToken);
            var killedAt = timeline.Now;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chaos: killed {fault.Target} at {killedAt.TotalSeconds:0.0} s"));
            await Task.Delay(fault.Down, cancellationToken);
            var downFor = timeline.Now - killOrdered;
            await faults.StartAsync(fault.Target, cancellationToken);
            var servingAgain = timeline.Now;
            var holdsBack = await HoldsBackAsync(timeline, killedAt, recoveryLimit, cancellationToken);
            var windowEnd = holdsBack is { } back && back > servingAgain ? back : servingAgain;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chaos: {fault.Target} serving again at {servingAgain.TotalSeconds:0.0} s, holds back at {(holdsBack is { } at ? $"{at.TotalSeconds:0.0} s" : "never")}"));
            reports.Add(Window(fault.Target, killOrdered, downFor, servingAgain, holdsBack, windowEnd, timeline));
        }

        return reports;
    }

    private static async Task<TimeSpan?> HoldsBackAsync(Timeline timeline, TimeSpan killedAt, TimeSpan limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (timeline.FirstHoldSucceededSentAfter(killedAt) is { } back)
            {
                return back;
            }

            if (timeline.Now - killedAt > limit)
            {
                return null;
            }

            await Task.Delay(RecoveryPoll, cancellationToken);
        }
    }

    // Every offset runs from when the kill was ordered: the window's start.
    private static FaultReport Window(
        string target, TimeSpan killedAt, TimeSpan downFor, TimeSpan servingAgain, TimeSpan? holdsBack, TimeSpan windowEnd, Timeline timeline)
    {
        var calls = timeline.EndedBetween(killedAt, windowEnd);
        var failing = calls.Where(call => call.Unexpected).ToList();
        return new FaultReport(
            target,
            Math.Round(killedAt.TotalSeconds, 1),
            Math.Round(downFor.TotalSeconds, 1),
            Math.Round((servingAgain - killedAt).TotalSeconds, 1),
            holdsBack is { } back ? Math.Round((back - killedAt).TotalSeconds, 1) : null,
            Math.Round((windowEnd - killedAt).TotalSeconds, 1),
            calls.Count,
            failing.Count(call => call.ServerError),
            failing.Count(call => call.Dropped),
            failing.Count(call => !call.Dropped && !call.ServerError),
            failing.GroupBy(call => $"{call.Operation} {call.Outcome}", StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.Ordinal));
    }

    // Both acknowledged-order invariants name the order in each violation.
    private static IReadOnlyList<string> LostOrders(InvariantReport invariants) =>
        [.. invariants.Results.Where(result => result.Name is "acknowledged_orders_persisted" or "acknowledged_orders_sold_in_redis").SelectMany(result => result.Violations)];

    private static IReadOnlyList<string> SeatsSoldTwice(InvariantReport invariants, IReadOnlyList<OrderResponse> acknowledged)
    {
        var inTwoOrders = acknowledged
            .SelectMany(order => order.Tickets.Select(ticket => (ticket.SeatId, order.OrderId)))
            .GroupBy(pair => pair.SeatId, StringComparer.Ordinal)
            .Where(group => group.Select(pair => pair.OrderId).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(group => $"seat {group.Key} is in acknowledged orders {string.Join(", ", group.Select(pair => pair.OrderId).Distinct(StringComparer.Ordinal))}");
        var twoTickets = invariants.Results.Where(result => result.Name == "no_seat_sold_twice").SelectMany(result => result.Violations);
        return [.. twoTickets.Concat(inTwoOrders)];
    }
}

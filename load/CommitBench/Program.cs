using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Replication;

// Commit bench: what waiting for the replica (WAIT 1 after commit_hold) costs a checkout. The same
// callers run hold → begin payment → commit through the engine façade against one primary with one
// replica, with commits that do not wait ("off", the anchor), that wait on one connection
// ("wait-1") and that wait spread over four ("wait-4", the default), in a rotating order each
// round of the same run, so load from other work on the machine falls on all three.
//
//   --primary host:port  [--seconds N] [--callers N] [--rounds N]
string Value(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

var primary = Value("--primary", "") is { Length: > 0 } given ? given : throw new ArgumentException("--primary host:port is required");
var seconds = int.Parse(Value("--seconds", "5"), CultureInfo.InvariantCulture);
var callers = int.Parse(Value("--callers", "16"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Value("--rounds", "3"), CultureInfo.InvariantCulture);

var configuration = $"{primary},abortConnect=false,syncTimeout=30000";
using var engineConnection = await ConnectionMultiplexer.ConnectAsync(configuration + ",name=bench-engine");
var commitConnections = new List<ConnectionMultiplexer>();
for (var lane = 1; lane <= 4; lane++)
{
    commitConnections.Add(await ConnectionMultiplexer.ConnectAsync(configuration + $",name=bench-commits-{lane}"));
}

var waitForOne = new CommitReplicationOptions { CommitReplicas = 1, CommitReplicaTimeoutMs = 1000 };
var engines = new Dictionary<string, IInventoryEngine>
{
    ["off"] = new RedisInventoryEngine(engineConnection),
    ["wait-1"] = new RedisInventoryEngine(engineConnection, [commitConnections[0]], waitForOne),
    ["wait-4"] = new RedisInventoryEngine(engineConnection, commitConnections, waitForOne),
};
string[] modes = ["off", "wait-1", "wait-4"];

Console.WriteLine($"commit bench: {callers} callers, 1 seat per checkout, ~{seconds} s per run, {rounds} rounds (off = no WAIT, the anchor)");
foreach (var mode in modes)
{
    await RunAsync(mode, Math.Min(seconds, 2), report: false); // JIT, connections, script caches
}

var results = modes.ToDictionary(mode => mode, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    // Each round starts with the next mode, so none always runs first or last.
    foreach (var mode in modes.Skip((round - 1) % modes.Length).Concat(modes.Take((round - 1) % modes.Length)))
    {
        results[mode].Add(await RunAsync(mode, seconds, report: true, round));
    }
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
var anchor = Median(results["off"]);
Console.WriteLine("median checkouts/s: " + string.Join(", ", modes.Select(mode => $"{mode} {Median(results[mode]):0} ({Median(results[mode]) / anchor:0.00} of off)")));
commitConnections.ForEach(connection => connection.Dispose());
return 0;

async Task<double> RunAsync(string mode, int runSeconds, bool report, int round = 0)
{
    var engine = engines[mode];
    var layout = new EventLayout(Guid.NewGuid().ToString("D"), "USD", 3600, 1, int.MaxValue, 0,
        [new SectionLayout("B", "Bench", 50m, [.. Enumerable.Range(0, 8_000).Select(row => new RowLayout(row.ToString("D5", CultureInfo.InvariantCulture), 10))])]);
    await engine.LoadEventAsync(layout);
    var seats = layout.Sections[0].Rows.SelectMany(row => Enumerable.Range(1, row.Seats).Select(number => $"B-{row.Id}-{number}")).ToArray();

    var latencies = new List<long>[callers];
    var unconfirmed = 0;
    var stopAt = Stopwatch.GetTimestamp() + (long)(runSeconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
    {
        var own = latencies[caller] = [];
        for (var next = caller; next < seats.Length && Stopwatch.GetTimestamp() < stopAt; next += callers)
        {
            var user = $"u{caller}-{next}";
            var hold = ((HoldOutcome.Held)await engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, user, $"c{next}", [seats[next]], null))).Hold;
            var paying = ((BeginPaymentOutcome.Ready)await engine.BeginPaymentAsync(hold.HoldId, user, "k", 60)).Hold;
            var commitStarted = Stopwatch.GetTimestamp();
            var outcome = await engine.CommitAsync(new CommitRequest(layout.EventId, hold.HoldId, user, paying.Fence, "k",
                EntityIds.NewOrderId(layout.EventId), "txn",
                [.. paying.Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(layout.EventId), seat.Id, "code", seat.Price))]));
            own.Add(Stopwatch.GetTimestamp() - commitStarted);
            if (outcome is CommitOutcome.NotReplicated)
            {
                Interlocked.Increment(ref unconfirmed);
            }
        }
    })));
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    await DropAsync(layout.EventId);

    var all = latencies.SelectMany(list => list).Order().ToArray();
    var perSecond = all.Length / elapsed;
    if (report)
    {
        double Micros(double quantile) => all[(int)Math.Min(all.Length - 1, quantile * all.Length)] * 1_000_000.0 / Stopwatch.Frequency;
        Console.WriteLine($"round {round} {mode,-6}: {perSecond,7:0} checkouts/s, commit call p50 {Micros(0.5),6:0} µs, p99 {Micros(0.99),6:0} µs"
            + $", {all.Length} commits, {unconfirmed} not replicated");
    }

    return perSecond;
}

async Task DropAsync(string eventId)
{
    var database = engineConnection.GetDatabase();
    foreach (var key in EventKeys.ScriptKeys(eventId))
    {
        await database.KeyDeleteAsync(key);
    }

    await database.SetRemoveAsync(EventKeys.OnSaleEvents, eventId);
}

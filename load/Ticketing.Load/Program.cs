using Ticketing.Load.Bench;
using Ticketing.Load.Chaos;
using Ticketing.Load.Cli;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;
using Ticketing.Load.Scenarios;
using Ticketing.Load.Scenarios.Browse;
using Ticketing.Load.Scenarios.FlashSale;
using Ticketing.Load.Scenarios.HoldRate;
using Ticketing.Load.Setup;

const string Usage = """
    Ticketing load driver: the k6 scenarios of load/k6, runnable where k6 is not.

      flash-sale     turns the event's waiting room on; FANS fans join at JOIN_RATE per second (at most USERS in flight,
                     later joins dropped), poll as the service paces them, and once admitted hold 1..MAX_SEATS seats
                     and pay, are declined or walk away; until sold out or DURATION; then `check`
      chaos          a flash-sale while FAULT_COMMAND kills each of TARGETS (redis, api, worker, postgres) once, at moments
                     drawn from SEED, and starts it again; then, fault by fault, the 5xx and dropped requests and the time
                     until holds work again, and every acknowledged order looked up (load/chaos.sh runs it)
      browse         catalogue, event and seat-map reads
      hold-rate      holds of fresh seats at a fixed RATE per second (latency counted from each hold's due time)
      check          the invariants against Redis and PostgreSQL: --event-id ID [--orders-file FILE]
      create-event   creates --events (1) events of EVENT_SEATS seats, prints their ids; --seats-file FILE
                     writes their seats in blocks of --seats-per-hold, "EVENT_ID [seat ids]" per line (load/wrk/hold.lua);
                     --waiting-room open|paused turns each event's room on (MAX_ACTIVE, ADMIT_PER_SECOND, TARGET_P99_MS)
      tokens         fetches --users dev tokens into --tokens-file, one per line (for load/wrk/hold.lua)
      join-queue     every user of --tokens-file joins the waiting room of --event-id once; their queue tokens go to
                     --queue-tokens-file as "EVENT_ID QUEUE_TOKEN" lines (for load/wrk/poll.lua)
      bench-report   renders docs/BENCHMARKS.md from a load/bench.sh results folder: --results DIR --doc FILE

    Knobs: --name value, or the environment variable NAME (as k6 reads them): BASE_URL, USERS, DURATION,
    EVENT_ID, EVENT_SEATS, SEATS_PER_ROW, ROWS_PER_SECTION, HOLD_TTL, MAX_SEATS, BEST_AVAILABLE_SHARE,
    DECLINE_SHARE, ABANDON_SHARE, MAX_RETRIES, RATE, FANS, JOIN_RATE, MAX_ACTIVE, ADMIT_PER_SECOND, TARGET_P99_MS,
    ADMISSION_TTL, MAX_POLL_WAIT, SEATS_PER_HOLD, ADMIN_TOKEN, OUT, REDIS, POSTGRES,
    SWEEP_INTERVAL, SETTLE, NO_CHECK; chaos: SEED, FAULT_COMMAND, TARGETS, FAULT_GAP_MIN/MAX, FAULT_DOWN_MIN/MAX,
    START_TIMEOUT, RECOVERY_LIMIT. See load/README.md.
    Exit codes: 0 passed, 99 a threshold or invariant failed (as k6), 2 usage, 1 error. chaos: 99 an acknowledged
    order lost or a seat sold twice, 98 another invariant broken or holds never back after a fault.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    cancel.Cancel();
};

try
{
    var settings = new Settings(args[1..], Environment.GetEnvironmentVariable);
    return args[0] switch
    {
        "flash-sale" => await RunScenarioAsync(settings, "flash-sale", FlashSaleScenario.RunAsync),
        "browse" => await RunScenarioAsync(settings, "browse", BrowseScenario.RunAsync),
        "hold-rate" => await RunScenarioAsync(settings, "hold-rate", HoldRateScenario.RunAsync),
        "chaos" => await ChaosAsync(settings),
        "check" => await CheckAsync(settings),
        "create-event" => await CreateEventAsync(settings),
        "tokens" => await TokensAsync(settings),
        "join-queue" => await JoinQueueAsync(settings),
        "bench-report" => await BenchReportAsync(settings),
        var verb => throw new UsageException($"unknown verb '{verb}'"),
    };
}
catch (UsageException usage)
{
    Console.Error.WriteLine($"{usage.Message}\n\n{Usage}");
    return 2;
}
catch (Exception failure) when (failure is InvalidOperationException or HttpRequestException or ArgumentException)
{
    Console.Error.WriteLine($"error: {failure.Message}");
    return 1;
}

async Task<int> RunScenarioAsync(Settings settings, string scenario, Func<ScenarioContext, CancellationToken, Task<RunReport>> run)
{
    using var context = ScenarioContext.Create(settings, connections: settings.Integer("connections", 512));
    var report = await run(context, cancel.Token);
    Console.WriteLine(report.Describe());
    var path = context.ResultPath(scenario);
    await report.WriteAsync(path, cancel.Token);
    Console.WriteLine($"summary written to {path}");
    return report.Passed ? 0 : 99;
}

async Task<int> ChaosAsync(Settings settings)
{
    using var context = ScenarioContext.Create(settings, connections: settings.Integer("connections", 512));
    var report = await ChaosRun.RunAsync(context, cancel.Token);
    Console.Write(report.Describe());
    await report.WriteAsync(context.OutDirectory, context.RunId, cancel.Token);
    Console.WriteLine($"report written to {Path.Combine(context.OutDirectory, $"chaos-{context.RunId}.json")} (and .md)");
    return report.ExitCode;
}

async Task<int> CheckAsync(Settings settings)
{
    var eventId = settings.Find("event-id") ?? throw new UsageException("check needs --event-id");
    var orders = settings.Find("orders-file") is { } file ? await File.ReadAllLinesAsync(file, cancel.Token) : [];
    var report = await InvariantRunner.RunAsync(InvariantOptions.Read(settings), eventId, orders.Where(line => line.Length > 0).ToList(), cancel.Token);
    Console.Write(report.Describe());
    return report.Passed ? 0 : 99;
}

async Task<int> CreateEventAsync(Settings settings)
{
    using var context = ScenarioContext.Create(settings, connections: 4);
    var plan = FlashSaleOptions.ReadEventPlan(settings, defaultSeats: 20_000);
    var title = settings.Text("title", $"Load event {context.RunId}");
    var events = settings.Integer("events", 1);
    var blocksPerEvent = new List<(string EventId, SeatBlocks Blocks)>();
    for (var index = 0; index < events; index++)
    {
        var eventId = await context.CreateEventAsync(plan, events == 1 ? title : $"{title} #{index + 1}", cancel.Token);
        if (settings.Find("waiting-room") is { } room)
        {
            var admin = await Tokens.AdminAsync(context.Setup, settings.Find("admin-token"), cancel.Token);
            var paused = room switch
            {
                "open" => false,
                "paused" => true,
                _ => throw new UsageException("--waiting-room is open or paused"),
            };
            await SaleRoom.OpenAsync(context.Setup, admin, eventId, RoomPlan.Read(settings), cancel.Token, paused);
        }

        Console.WriteLine(eventId);
        if (settings.Find("seats-file") is not null)
        {
            var seatMap = await context.Setup.GetSeatMapAsync(eventId, null, cancel.Token);
            blocksPerEvent.Add((eventId, new SeatBlocks(
                seatMap.Body ?? throw new InvalidOperationException($"seat map answered {seatMap.Outcome}"), settings.Integer("seats-per-hold", 4))));
        }
    }

    if (settings.Find("seats-file") is { } seatsFile)
    {
        await File.WriteAllLinesAsync(seatsFile, SeatBlocks.Interleave(blocksPerEvent), cancel.Token);
    }

    return 0;
}

async Task<int> TokensAsync(Settings settings)
{
    using var context = ScenarioContext.Create(settings, connections: 64);
    var file = settings.Find("tokens-file") ?? throw new UsageException("tokens needs --tokens-file");
    var tokens = await Tokens.ManyAsync(context.Setup, settings.Text("user-prefix", $"wrk-{context.RunId}"), settings.Integer("users", 1_000), 32, cancel.Token);
    await File.WriteAllLinesAsync(file, tokens, cancel.Token);
    return 0;
}

async Task<int> JoinQueueAsync(Settings settings)
{
    using var context = ScenarioContext.Create(settings, connections: 64);
    var eventId = settings.Find("event-id") ?? throw new UsageException("join-queue needs --event-id");
    var tokensFile = settings.Find("tokens-file") ?? throw new UsageException("join-queue needs --tokens-file");
    var output = settings.Find("queue-tokens-file") ?? throw new UsageException("join-queue needs --queue-tokens-file");
    var tokens = (await File.ReadAllLinesAsync(tokensFile, cancel.Token)).Where(line => line.Length > 0).ToArray();
    var queueTokens = new string[tokens.Length];
    await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancel.Token }, async (index, token) =>
    {
        var answer = await context.Setup.JoinQueueAsync(tokens[index], eventId, token);
        queueTokens[index] = answer.Body?.QueueToken ?? throw new InvalidOperationException($"joining the queue answered {answer.Outcome}");
    });
    await File.WriteAllLinesAsync(output, queueTokens.Select(queueToken => $"{eventId} {queueToken}"), cancel.Token);
    return 0;
}

async Task<int> BenchReportAsync(Settings settings)
{
    var folder = settings.Find("results") ?? throw new UsageException("bench-report needs --results DIR");
    var doc = settings.Text("doc", Path.Combine("docs", "BENCHMARKS.md"));
    var previous = File.Exists(doc) ? await File.ReadAllTextAsync(doc, cancel.Token) : null;
    var markdown = BenchmarkDocument.Render(BenchResults.Load(folder), previous);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(doc))!);
    await File.WriteAllTextAsync(doc, markdown, cancel.Token);
    Console.WriteLine(markdown);
    return 0;
}

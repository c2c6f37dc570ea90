using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Bench;

/// <summary>Renders docs/BENCHMARKS.md from one run's results: only numbers that run produced.</summary>
public static class BenchmarkDocument
{
    /// <summary>
    /// Heading of the document's last section: what a bench run does not repeat, namely before/after runs of
    /// one change (two commits or two package versions run in turn) and runs of separate tools. A new run
    /// keeps it as it stands.
    /// </summary>
    public const string RecordedRunsHeading = "## Recorded runs";

    /// <param name="results">This run's results.</param>
    /// <param name="previous">The document this run replaces, if any: its recorded runs are carried over.</param>
    public static string Render(BenchResults results, string? previous = null)
    {
        var doc = new StringBuilder();
        var machine = results.Machine;
        string Fact(string key) => machine.GetValueOrDefault(key) ?? "unknown";

        doc.AppendLine("# Benchmarks");
        doc.AppendLine();
        doc.AppendLine($"Written by `./ticketing bench` (`load/bench.sh`) on {Fact("date")}. Every number on this page was measured");
        doc.AppendLine("in that one run, on one machine, against a throwaway stack it started itself on 127.0.0.1 (Release build,");
        doc.AppendLine("Redis with AOF `appendfsync always`, PostgreSQL with fsync on). Rerun the command to reproduce; the exact");
        doc.AppendLine("commands are at the end. Load generator and service share the machine's cores, so every rate here is");
        doc.AppendLine("what the service sustains while also paying for its own load generator. Redis rewrites its AOF before");
        doc.AppendLine("each phase and never inside one, as an operator keeps rewrites out of an on-sale (docs/SCALING.md).");
        doc.AppendLine();
        doc.AppendLine("## Machine");
        doc.AppendLine();
        doc.AppendLine("| | |");
        doc.AppendLine("|---|---|");
        doc.AppendLine($"| cores (`nproc`) | {Fact("nproc")} |");
        doc.AppendLine($"| CPU | {Fact("cpu")} |");
        doc.AppendLine($"| memory | {Fact("memory")} |");
        doc.AppendLine($"| kernel | {Fact("kernel")} |");
        doc.AppendLine($"| versions | .NET SDK {Fact("dotnet")}, Redis {Fact("redis")}, PostgreSQL {Fact("postgres")}, wrk {Fact("wrk")}, pgbench {Fact("pgbench")} |");
        doc.AppendLine($"| commit | {Fact("commit")} |");
        doc.AppendLine($"| load average (1, 5, 15 min) | {Fact("load_before")} before the run, {Fact("load_after")} after it (anything above the bench's own load is other work sharing the cores) |");
        doc.AppendLine($"| scheduling priority | nice {Fact("nice")} for the bench and every process it started |");
        doc.AppendLine();
        if (Busy(machine) is { } busy)
        {
            doc.AppendLine($"**The machine was busy with other work when this run started** (load average {busy.Load:0.##} on {busy.Cores:0} cores):");
            doc.AppendLine("absolute rates are lower and tails longer than on a quiet machine; the ratios against anchors measured in");
            doc.AppendLine("the same run hold better.");
            doc.AppendLine();
        }

        AppendTargets(doc, results);
        AppendAnchors(doc, results);
        AppendCores(doc, results);
        AppendBottleneck(doc, results);
        AppendQueue(doc, results);
        AppendFlashSale(doc, results);
        AppendStadium(doc, results);
        AppendExternal(doc, "Engine (from `load/engine-bench.sh`)", results.Engine);
        AppendExternal(doc, "Waiting room (from `load/engine-bench.sh`)", results.WaitingRoom);
        AppendExternal(doc, "Persistence (from `load/persist-bench.sh`)", results.Persist);
        AppendExternal(doc, "Chaos: every server killed during a flash sale (from `load/chaos.sh`)", results.Chaos);
        AppendCommands(doc, results.Commands);
        AppendRecordedRuns(doc, previous);
        return doc.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>The 1-minute load average before the run when it exceeded the cores (other work was running); null otherwise.</summary>
    public static (double Load, double Cores)? Busy(IReadOnlyDictionary<string, string> machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var before = machine.GetValueOrDefault("load_before")?.Split(' ').FirstOrDefault();
        return double.TryParse(before, CultureInfo.InvariantCulture, out var load)
            && double.TryParse(machine.GetValueOrDefault("nproc"), CultureInfo.InvariantCulture, out var cores)
            && load > cores
            ? (load, cores)
            : null;
    }

    /// <summary>The Redis ceiling as load/engine-bench.sh reports it (FCALL of the 4-seat hold function, calls per second).</summary>
    public static double? RedisCeiling(BenchResults results) =>
        results.Engine?.FindNumber("redis_benchmark_holds_per_s");

    private static void AppendTargets(StringBuilder doc, BenchResults results)
    {
        doc.AppendLine("## Targets");
        doc.AppendLine();
        doc.AppendLine("| target | measured | goal | verdict | detail |");
        doc.AppendLine("|---|---|---|---|---|");
        foreach (var verdict in TargetVerdicts.Judge(results))
        {
            var mark = verdict.Met switch { true => "**met**", false => "**missed**", null => "not measured" };
            doc.AppendLine($"| {verdict.Target} | {verdict.Measured} | {verdict.Goal} | {mark} | {verdict.Note} |");
        }

        doc.AppendLine();
    }

    private static void AppendAnchors(StringBuilder doc, BenchResults results)
    {
        var redis = RedisCeiling(results);
        var ping = results.Ping?.RateOf(200);
        var baseline = results.Baseline?.HoldsPerSecond;
        var hold = results.Hold?.RateOf(201);

        doc.AppendLine("## The hold endpoint against its anchors");
        doc.AppendLine();
        doc.AppendLine("| # | what | how | per second | p50 ms | p99 ms | vs Redis ceiling | vs web-stack ceiling | vs row-lock baseline |");
        doc.AppendLine("|---|---|---|---|---|---|---|---|---|");
        doc.AppendLine($"| 0 | disk: `fdatasync` of one 8 kB write (every acknowledged Redis and PostgreSQL write waits for one) | `pg_test_fsync` | {Number(results.FsyncPerSecond)} | {Number(results.FsyncPerSecond is > 0 ? 1000 / results.FsyncPerSecond : null, "0.00")} | | | | |");
        doc.AppendLine($"| 1 | Redis ceiling: the 4-seat hold script alone | `redis-benchmark` FCALL (engine section) | {Number(redis)} | | | 1 | {Ratio(redis, ping)} | {Ratio(redis, baseline)} |");
        doc.AppendLine($"| 2 | web-stack ceiling: `GET /api/v1/ping` | wrk, {Connections(results, "ping")} | {Number(ping)} | {Number(results.Ping?.P50, "0.00")} | {Number(results.Ping?.P99, "0.00")} | {Ratio(ping, redis)} | 1 | {Ratio(ping, baseline)} |");
        doc.AppendLine($"| 3 | baseline: PostgreSQL row-lock hold (SERIALIZABLE, `FOR UPDATE NOWAIT` on 4 seats, insert booking, update seats) | pgbench, {results.Baseline?.Clients.ToString(CultureInfo.InvariantCulture) ?? "?"} clients | {Number(baseline)} | | avg {Number(results.Baseline?.LatencyAverageMs, "0.00")} | {Ratio(baseline, redis)} | {Ratio(baseline, ping)} | 1 |");
        doc.AppendLine($"| 4 | **hold endpoint**: `POST /api/v1/events/{{id}}/reservations`, 4 fresh seats each | wrk, `load/wrk/hold.lua`, {Connections(results, "hold")} | **{Number(hold)}** (201s) | {Number(results.Hold?.P50, "0.00")} | {Number(results.Hold?.P99, "0.00")} | {Ratio(hold, redis)} | {Ratio(hold, ping)} | {Ratio(hold, baseline)} |");
        if (results.HoldAtHalfPeak?.Operations.GetValueOrDefault("hold") is { } halfPeak)
        {
            doc.AppendLine($"| 4b | hold endpoint at half the peak | driver `hold-rate`, fixed arrival rate {results.HoldAtHalfPeak.Knobs.GetValueOrDefault("rate")}/s | {Number(halfPeak.PerSecond)} | {Number(halfPeak.LatencyMs.P50, "0.00")} | {Number(halfPeak.LatencyMs.P99, "0.00")} | | | |");
        }

        if (results.SeatMapReads is { } seatMapReads)
        {
            doc.AppendLine($"| 5 | seat-map read of the flash-sale-sized event | wrk, 4 connections | {Number(seatMapReads.RateOf(200))} | {Number(seatMapReads.P50, "0.00")} | {Number(seatMapReads.P99, "0.00")} | | | |");
        }

        doc.AppendLine();
        if (results.Hold is { } wrk)
        {
            var statuses = string.Join(", ", wrk.Statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value} ({wrk.Share(pair.Key):P1})"));
            doc.AppendLine($"Hold run answers: {statuses} of {wrk.Requests} requests in {wrk.Seconds:0.0} s; socket errors: {wrk.SocketErrors}.");
            doc.AppendLine("Only 201s count as holds. wrk is a closed loop (each connection waits for its answer), so its p99 is the");
            doc.AppendLine("latency at saturation; row 4b is the open-loop measurement (latency counted from each hold's due time).");
        }

        if (results.HoldAtHalfPeak?.Operations.GetValueOrDefault("hold") is { } offered)
        {
            var outcomes = string.Join(", ", offered.Outcomes.Select(pair => $"{pair.Key}: {pair.Value}"));
            doc.AppendLine($"Half-peak run answers: {outcomes}.");
        }

        if (results.Baseline is { } pg)
        {
            doc.AppendLine($"Baseline: {pg.Transactions} transactions, {pg.Failed} failed, {pg.Bookings?.ToString(CultureInfo.InvariantCulture) ?? "uncounted"} bookings made; each asks for 4 fresh seats (no conflicts), as the wrk run does.");
        }

        doc.AppendLine();
    }

    private static void AppendCores(StringBuilder doc, BenchResults results)
    {
        if (results.Cpu.Count == 0)
        {
            return;
        }

        var cores = Cores(results);
        doc.AppendLine("## Where the cores went");
        doc.AppendLine();
        doc.AppendLine($"CPU used by each process over each measured command, in cores (of {cores:0}). Redis runs scripts on one");
        doc.AppendLine("thread, so 1.0 is its ceiling. \"The rest\" is what the three leave: the load generator, other work on the");
        doc.AppendLine("machine, and idle time (a phase that does not saturate the machine leaves some cores idle).");
        doc.AppendLine("The driver's phases include their own setup (tokens, the seat map, the invariant check) and, for the");
        doc.AppendLine("stadium, its quiet pre-queue: each sale's section splits the cores over the sale alone.");
        doc.AppendLine();
        doc.AppendLine("| phase | seconds | Redis | Api | PostgreSQL | the rest | Redis' busiest commands (calls × µs per call) |");
        doc.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var phase in results.Cpu)
        {
            var rest = Math.Max(0, cores - phase.RedisCores - phase.ApiCores - phase.PostgresCores);
            var commands = results.RedisCommands.GetValueOrDefault(phase.Label) is { } stats
                ? string.Join(", ", stats.Take(3).Select(stat => $"{stat.Command} {stat.Calls} × {stat.MicrosPerCall:0.#}"))
                : "";
            doc.AppendLine($"| {phase.Label} | {phase.WallSeconds:0.0} | {phase.RedisCores:0.00} | {phase.ApiCores:0.00} | {phase.PostgresCores:0.00} | {rest:0.00} | {commands} |");
        }

        doc.AppendLine();
    }

    /// <summary>Where a hold's time goes, from this run's own numbers.</summary>
    private static void AppendBottleneck(StringBuilder doc, BenchResults results)
    {
        var cores = Cores(results);
        var ping = results.Ping?.RateOf(200);
        var hold = results.Hold?.RateOf(201);
        var redis = RedisCeiling(results);
        if (ping is not > 0 || hold is not > 0)
        {
            return;
        }

        var pingMicros = cores * 1e6 / ping.Value;
        var holdMicros = cores * 1e6 / hold.Value;
        doc.AppendLine("## Where a hold's time goes");
        doc.AppendLine();
        doc.AppendLine($"With all {cores:0} cores busy, a ping costs {pingMicros:0} µs of machine time (web stack and load generator) and a");
        doc.AppendLine($"hold {holdMicros:0} µs: the hold path adds {holdMicros - pingMicros:0} µs over the bare web stack.");
        if (results.Cpu.FirstOrDefault(phase => phase.Label == "hold") is { } phase && results.Hold is { Requests: > 0 } wrk)
        {
            doc.AppendLine($"During the wrk hold run the Api used {phase.ApiCores:0.00} cores ({phase.ApiSeconds * 1e6 / wrk.Requests:0} µs per request), Redis");
            doc.AppendLine($"{phase.RedisCores:0.00} of its one core ({phase.RedisSeconds * 1e6 / wrk.Requests:0} µs per hold) and PostgreSQL {phase.PostgresCores:0.00}.");
        }

        if (redis is > 0)
        {
            doc.AppendLine($"Alone, Redis runs the hold script {redis:0} times a second ({1e6 / redis.Value:0.0} µs each).");
        }

        if (results.FsyncPerSecond is > 0)
        {
            doc.AppendLine($"Every acknowledged write also waits for an `fdatasync` ({1000 / results.FsyncPerSecond.Value:0.0} ms here): Redis batches the writes that");
            doc.AppendLine("arrive meanwhile into one, so the disk bounds latency more than throughput.");
        }

        doc.AppendLine();
    }

    private static double Cores(BenchResults results) =>
        double.TryParse(results.Machine.GetValueOrDefault("nproc"), CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;

    private static void AppendQueue(StringBuilder doc, BenchResults results)
    {
        if (results.QueuePolls is null && results.QueueJoins is null)
        {
            return;
        }

        var ping = results.Ping?.RateOf(200);
        doc.AppendLine("## Waiting room over HTTP");
        doc.AppendLine();
        doc.AppendLine("wrk against rooms that take joins but admit nobody (paused), in the same run as the ping anchor above.");
        doc.AppendLine("A poll is answered from the Api's memory (the token carries the fan's number; the room's counts are");
        doc.AppendLine("refreshed from Redis four times a second); a join runs the room's join script in Redis.");
        doc.AppendLine();
        doc.AppendLine("| what | how | per second | p50 ms | p99 ms | vs web-stack ceiling | goal |");
        doc.AppendLine("|---|---|---|---|---|---|---|");
        if (results.QueuePolls is { } polls)
        {
            doc.AppendLine($"| queue poll: `GET /api/v1/events/{{id}}/queue/{{queue_token}}` | wrk, `load/wrk/poll.lua`, {Connections(results, "queue-poll")}, a pool of real queue tokens | {Number(polls.RateOf(200))} (200s) | {Number(polls.P50, "0.00")} | {Number(polls.P99, "0.00")} | {Ratio(polls.RateOf(200), ping)} | ≥ {TargetVerdicts.QueuePollShare.ToString("P0", CultureInfo.InvariantCulture)} |");
        }

        if (results.QueueJoins is { } joins)
        {
            doc.AppendLine($"| queue join: `POST /api/v1/events/{{id}}/queue` | wrk, `load/wrk/join.lua`, {Connections(results, "queue-join")}, one user per join | {Number(joins.RateOf(201))} (201s) | {Number(joins.P50, "0.00")} | {Number(joins.P99, "0.00")} | {Ratio(joins.RateOf(201), ping)} | ≥ {TargetVerdicts.QueueJoinShare.ToString("P0", CultureInfo.InvariantCulture)} |");
        }

        doc.AppendLine();
        foreach (var (name, run) in new[] { ("Poll", results.QueuePolls), ("Join", results.QueueJoins) })
        {
            if (run is not null)
            {
                var statuses = string.Join(", ", run.Statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}"));
                doc.AppendLine($"{name} run answers: {statuses} of {run.Requests} requests in {run.Seconds:0.0} s; socket errors: {run.SocketErrors}.");
            }
        }

        if (results.QueueJoins is { Requests: > 0 } joined && results.JoinUsers is { } users)
        {
            doc.AppendLine(joined.Requests <= users
                ? $"Every join was a different user's first ({users} users' tokens)."
                : $"The first {users} joins were different users' first; the other {joined.Requests - users} were those users joining again (answered their same place).");
        }

        doc.AppendLine("The per-address join budget was raised for the bench's stack (every request comes from 127.0.0.1); the");
        doc.AppendLine("per-user budget kept its default.");
        doc.AppendLine();
    }

    private static void AppendFlashSale(StringBuilder doc, BenchResults results)
    {
        var sale = results.FlashSale;
        if (!SaleHeading(doc, "## Flash sale through the waiting room", sale))
        {
            return;
        }

        string Knob(string name) => sale.Knobs.GetValueOrDefault(name) ?? "?";
        string Fact(string name) => sale.Facts.GetValueOrDefault(name) ?? "?";
        doc.AppendLine($"Driver `flash-sale` on a {Knob("event_seats")}-seat event behind its waiting room (`max_active` {Knob("max_active")},");
        doc.AppendLine($"`admit_per_second` {Knob("admit_per_second")}, `target_p99_ms` {Knob("target_p99_ms")}): the service's admission loop, not the driver,");
        doc.AppendLine($"set the rate. {Knob("fans")} fans joined at {Knob("join_rate")} per second and polled their place after each answer's `poll_after_seconds`");
        doc.AppendLine($"(at most {Knob("max_poll_wait")} s apart); each admitted fan ran the journey once with its admission token:");
        doc.AppendLine($"holding 1–{Knob("max_seats")} seats ({Share(sale, "best_available_share")} best available), paying with `tok_visa`, or declined");
        doc.AppendLine($"with `tok_declined` ({Share(sale, "decline_share")}, then releasing), or abandoning the hold ({Share(sale, "abandon_share")}, {Knob("hold_ttl")} s TTL).");
        doc.AppendLine("Each request is timed from its own send: the latencies are what a fan sees.");
        doc.AppendLine();
        var targetMs = TargetVerdicts.RoomTargetMs(sale);
        var hold = sale.Operations.GetValueOrDefault("hold")?.LatencyMs.P99;
        var commit = sale.Operations.GetValueOrDefault("commit")?.LatencyMs.P99;
        var soldIn = double.TryParse(sale.Facts.GetValueOrDefault("seconds_to_sell_out"), CultureInfo.InvariantCulture, out var seconds) ? seconds : (double?)null;
        doc.AppendLine("| | this run | before (buyers at a fixed 100/s set by the driver) |");
        doc.AppendLine("|---|---|---|");
        doc.AppendLine($"| time to sell out | {(soldIn is { } value ? $"{value:0.0} s ({(value / TargetVerdicts.FixedRateSellOutSeconds).ToString("P0", CultureInfo.InvariantCulture)} of before)" : "not sold out")} | {TargetVerdicts.FixedRateSellOutSeconds:0.0} s |");
        doc.AppendLine($"| invariant violations | {sale.Invariants?.ViolationCount.ToString(CultureInfo.InvariantCulture) ?? "unchecked"} | 0 |");
        doc.AppendLine($"| p99 hold / commit vs the room's target ({targetMs:0} ms) | {Number(hold, "0.0")} / {Number(commit, "0.0")} ms | |");
        doc.AppendLine($"| admission rate the loop set: at the end (reason), median, peak | {Fact("room_rate_at_end")}/s ({Fact("room_reason_at_end")}), {Fact("room_rate_median")}/s, {Fact("room_rate_peak")}/s | 100/s, fixed |");
        doc.AppendLine($"| fans admitted / joined | {Fact("fans_admitted")} / {Fact("fans_joined")} (the room admitted {Fact("room_admitted_total")}) | |");
        doc.AppendLine();
        AppendSaleDetails(doc, results, "flash-sale", sale);
    }

    private static void AppendStadium(StringBuilder doc, BenchResults results)
    {
        var sale = results.Stadium;
        if (!SaleHeading(doc, "## Stadium on-sale: 50,000 seats through the waiting room", sale))
        {
            return;
        }

        string Knob(string name) => sale.Knobs.GetValueOrDefault(name) ?? "?";
        string Fact(string name) => sale.Facts.GetValueOrDefault(name) ?? "?";
        doc.AppendLine($"An on-sale announced for a set time: the room opened its pre-queue {Fact("pre_queue_seconds")} s before the sale, and {Knob("fans")} fans");
        doc.AppendLine($"joined at {Knob("join_rate")} per second, waiting there; at the open their order was drawn and the admission loop");
        doc.AppendLine($"started from 5 fans/s under `admit_per_second` {Knob("admit_per_second")}, `max_active` {Knob("max_active")} and `target_p99_ms` {Knob("target_p99_ms")}.");
        doc.AppendLine($"Fans polled as the service paced them; each admitted fan bought as in the flash sale above ({Knob("hold_ttl")} s hold TTL),");
        doc.AppendLine("reading the seat map as the seat-map page does (the layout once, then the compact status).");
        doc.AppendLine("The driver, the Api, the worker, Redis and PostgreSQL shared this machine's cores.");
        doc.AppendLine();
        var targetMs = TargetVerdicts.RoomTargetMs(sale);
        var fromOpen = TargetVerdicts.StadiumSeconds(sale);
        doc.AppendLine("| | this run | goal |");
        doc.AppendLine("|---|---|---|");
        doc.AppendLine($"| time from the open to sell-out | {(fromOpen is { } seconds ? $"{seconds:0.0} s" : "not sold out")} | ≤ {TargetVerdicts.StadiumSellOutSeconds:0} s |");
        doc.AppendLine($"| invariant violations | {sale.Invariants?.ViolationCount.ToString(CultureInfo.InvariantCulture) ?? "unchecked"} | 0 |");
        doc.AppendLine($"| p99 hold / commit | {Number(sale.Operations.GetValueOrDefault("hold")?.LatencyMs.P99, "0.0")} / {Number(sale.Operations.GetValueOrDefault("commit")?.LatencyMs.P99, "0.0")} ms | commit < {targetMs:0} ms |");
        doc.AppendLine($"| admission rate the loop set: at the end (reason), median, peak | {Fact("room_rate_at_end")}/s ({Fact("room_reason_at_end")}), {Fact("room_rate_median")}/s, {Fact("room_rate_peak")}/s | |");
        doc.AppendLine($"| fans admitted / joined | {Fact("fans_admitted")} / {Fact("fans_joined")} | |");
        doc.AppendLine();
        AppendSaleDetails(doc, results, "stadium-sale", sale);
    }

    /// <summary>Writes a sale section's heading; false, after saying so, when this run has no such sale.</summary>
    private static bool SaleHeading(StringBuilder doc, string heading, [NotNullWhen(true)] RunReport? sale)
    {
        doc.AppendLine(heading);
        doc.AppendLine();
        if (sale is null)
        {
            doc.AppendLine("Not measured in this run.");
            doc.AppendLine();
        }

        return sale is not null;
    }

    /// <summary>A sale's binding resource, facts, operations and invariants: the same for every sale the bench runs.</summary>
    private static void AppendSaleDetails(StringBuilder doc, BenchResults results, string phaseLabel, RunReport sale)
    {
        AppendBindingResource(doc, results, phaseLabel, sale);
        doc.AppendLine($"Ran {sale.Seconds:0.0} s; {string.Join(", ", sale.Facts.Select(pair => $"{pair.Key.Replace('_', ' ')}: {pair.Value}"))}.");
        var arrivals = TargetVerdicts.DroppedArrivals(sale);
        doc.AppendLine(arrivals is not { } counted ? "Joins were not counted in this run."
            : counted.Dropped == 0 ? "No join was dropped."
            : $"**{counted.Dropped} of {counted.Scheduled} joins were dropped**: the driver had no fan in flight left to make them.");
        doc.AppendLine();
        doc.AppendLine("| operation | count | per second | p50 ms | p95 ms | p99 ms | max ms | outcomes |");
        doc.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, operation) in sale.Operations)
        {
            var latency = operation.LatencyMs;
            var outcomes = string.Join(", ", operation.Outcomes.Select(pair => $"{pair.Key}: {pair.Value}"));
            doc.AppendLine($"| {name} | {operation.Count} | {operation.PerSecond:0.0} | {latency.P50:0.00} | {latency.P95:0.00} | {latency.P99:0.00} | {latency.Max:0.0} | {outcomes} |");
        }

        doc.AppendLine();
        if (sale.Invariants is { } invariants)
        {
            doc.AppendLine($"Invariant check (Redis and PostgreSQL, after the sale): **{(invariants.Passed ? "no violations" : $"{invariants.ViolationCount} violation(s)")}**.");
            doc.AppendLine();
            doc.AppendLine("| invariant | checked | violations |");
            doc.AppendLine("|---|---|---|");
            foreach (var result in invariants.Results)
            {
                var shown = result.Violations.Count == 0 ? "0" : $"{result.Violations.Count}: {string.Join("; ", result.Violations.Take(3))}";
                doc.AppendLine($"| {result.Name} | {result.Checked} | {shown} |");
            }
        }
        else
        {
            doc.AppendLine("The invariant check did not run.");
        }

        doc.AppendLine();
    }

    private static double? Number(string? text) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>
    /// The sale's binding resource from the CPU split over the sale's window (the open to the sell-out),
    /// with that split step by step; from the whole phase when this run has no per-second samples.
    /// </summary>
    private static void AppendBindingResource(StringBuilder doc, BenchResults results, string phaseLabel, RunReport sale)
    {
        var cores = Cores(results);
        var room = new RoomPace(sale.Facts.GetValueOrDefault("room_reason_at_end"),
            Number(sale.Facts.GetValueOrDefault("room_rate_median")), Number(sale.Knobs.GetValueOrDefault("admit_per_second")));
        if (results.CpuEverySecond?.GetValueOrDefault(phaseLabel) is { } samples && SaleCpu.Of(samples, sale) is { } window)
        {
            var binding = BindingResource.Of(window.Phase, window.DriverCores, cores, room);
            doc.AppendLine($"**Binding resource: {binding.Name}** (over {window.Span}: {binding.Why}.)");
            doc.AppendLine();
            doc.AppendLine($"Cores used through that window, every {window.StepSeconds:0} s (samples taken once a second):");
            doc.AppendLine();
            doc.AppendLine($"| seconds in | Redis | Api | PostgreSQL | load generator | all, of {cores:0} |");
            doc.AppendLine("|---|---|---|---|---|---|");
            foreach (var step in window.Steps)
            {
                doc.AppendLine($"| {step.From:0} | {step.Redis:0.00} | {step.Api:0.00} | {step.Postgres:0.00} | {step.Driver:0.00} | {step.All:0.00} |");
            }

            doc.AppendLine();
        }
        else if (results.Cpu.FirstOrDefault(phase => phase.Label == phaseLabel) is { } cpu
            && double.TryParse(sale.Facts.GetValueOrDefault("driver_cpu_seconds"), CultureInfo.InvariantCulture, out var driverSeconds)
            && sale.Seconds > 0)
        {
            var binding = BindingResource.Of(cpu, driverSeconds / sale.Seconds, cores, room);
            doc.AppendLine($"**Binding resource: {binding.Name}** ({binding.Why}. Redis, the Api and PostgreSQL are sampled over the whole phase, setup and");
            doc.AppendLine("invariant check included; the load generator over the sale itself: this run has no samples of the sale's window alone.)");
            doc.AppendLine();
        }
    }

    private static void AppendExternal(StringBuilder doc, string title, ExternalSection? section)
    {
        doc.AppendLine($"## {title}");
        doc.AppendLine();
        doc.AppendLine(section is null ? "Not measured in this run (the script is missing or failed)." : ShiftHeadings(section.Markdown.Trim()));
        doc.AppendLine();
    }

    private static void AppendRecordedRuns(StringBuilder doc, string? previous)
    {
        var start = previous?.IndexOf("\n" + RecordedRunsHeading, StringComparison.Ordinal) ?? -1;
        if (start >= 0)
        {
            doc.AppendLine();
            doc.Append(previous![(start + 1)..].TrimEnd()).AppendLine();
        }
    }

    private static void AppendCommands(StringBuilder doc, IReadOnlyList<(string Label, string Command)> commands)
    {
        doc.AppendLine("## Commands");
        doc.AppendLine();
        doc.AppendLine("As `load/bench.sh` ran them (ports and folders are this run's; the admin token came from the stack).");
        doc.AppendLine();
        doc.AppendLine("```");
        foreach (var (label, command) in commands)
        {
            doc.AppendLine($"# {label}");
            doc.AppendLine(command);
        }

        doc.AppendLine("```");
    }

    // Included sections keep their own structure one level below this page's sections.
    private static string ShiftHeadings(string markdown) =>
        string.Join('\n', markdown.Split('\n').Select(line => line.StartsWith('#') ? "#" + line : line));

    private static string Share(RunReport sale, string knob) =>
        double.TryParse(sale.Knobs.GetValueOrDefault(knob), CultureInfo.InvariantCulture, out var share) ? share.ToString("P0", CultureInfo.InvariantCulture) : "?";

    private static string Connections(BenchResults results, string label) =>
        results.Commands.FirstOrDefault(command => command.Label == label).Command?.Split(' ').FirstOrDefault(part => part.StartsWith("-c", StringComparison.Ordinal))?[2..] is { } count
            ? $"{count} connections"
            : "?";

    private static string Number(double? value, string format = "0") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string Ratio(double? value, double? anchor) =>
        value is null || anchor is null or 0 ? "-" : (value.Value / anchor.Value).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Chaos;

/// <summary>
/// What users saw while one process was down: the window runs from the kill until the process
/// served again and a hold sent after the kill had succeeded, whichever came later.
/// <c>HoldsBackAfterSeconds</c> runs from the kill to the first hold sent after it that answered
/// 201 (null: none within the recovery limit); <c>Errors</c> counts each answer of the window a
/// healthy sale does not give (<c>503 …</c>, <c>transport: …</c>, <c>404 …</c>) per operation, and
/// <c>OtherUnexpected</c> those of them that are neither 5xx nor dropped.
/// </summary>
public sealed record FaultReport(
    string Target,
    double KilledAtSeconds,
    double DownSeconds,
    double ServingAgainAfterSeconds,
    double? HoldsBackAfterSeconds,
    double WindowSeconds,
    long Requests,
    long Answered5xx,
    long Dropped,
    long OtherUnexpected,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>An answer a healthy sale does not give, and when it came (seconds since the run began).</summary>
public sealed record UnexpectedAnswer(double AtSeconds, string Operation, string Outcome);

/// <summary>
/// The chaos run's verdict, fault by fault, and what was lost or sold twice after convergence.
/// <c>LostOrders</c>: orders whose commit answered 200 and that are missing from PostgreSQL or
/// from Redis' seats after convergence. <c>SeatsSoldTwice</c>: seats with two tickets in
/// PostgreSQL, or in two acknowledged orders. <c>Repairs</c>: what the reconciler repaired in the
/// sale's event during the run and in the closing reconciliation, by kind.
/// </summary>
public sealed record ChaosReport(
    int Seed,
    string EventId,
    DateTimeOffset StartedAt,
    double Seconds,
    IReadOnlyList<FaultReport> Faults,
    long AcknowledgedOrders,
    IReadOnlyList<string> LostOrders,
    IReadOnlyList<string> SeatsSoldTwice,
    long OversellAlarms,
    IReadOnlyDictionary<string, long> Repairs,
    string ClosingReconciliation,
    InvariantReport Invariants,
    RunReport Sale)
{
    private static readonly JsonSerializerOptions PrettyJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Answers a healthy sale does not give that came outside every fault window (the first 200).</summary>
    public IReadOnlyList<UnexpectedAnswer> UnexpectedOutsideWindows { get; init; } = [];

    public long UnexpectedOutsideWindowsCount { get; init; }

    /// <summary>Faults after which holds never worked again within the recovery limit.</summary>
    public IReadOnlyList<string> Unrecovered => [.. Faults.Where(fault => fault.HoldsBackAfterSeconds is null).Select(fault => fault.Target)];

    /// <summary>0: nothing lost or sold twice, every promise kept, every fault recovered; 99: an acknowledged order lost or a seat sold twice; 98: another promise broken, or a fault never recovered.</summary>
    public int ExitCode => LostOrders.Count > 0 || SeatsSoldTwice.Count > 0 || OversellAlarms > 0 ? 99
        : !Invariants.Passed || Unrecovered.Count > 0 ? 98
        : 0;

    public async Task WriteAsync(string folder, string runId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        await using (var file = File.Create(Path.Combine(folder, $"chaos-{runId}.json")))
        {
            await JsonSerializer.SerializeAsync(file, this, PrettyJson, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, $"chaos-{runId}.md"), Markdown(), cancellationToken);
    }

    /// <summary>The fault table and the verdict, as the benchmark page shows them.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("A flash sale through the waiting room over HTTP, sent in turn to two Api processes (a refused connection, or a");
        text.AppendLine("read that lost its connection, goes to the other one, as a load balancer would), with one worker process writing");
        text.AppendLine("the outbox and running the jobs.");
        text.AppendLine("Each of Redis (restarted on its AOF), the first Api, the worker and PostgreSQL is killed with `kill -9` once, in");
        text.AppendLine("an order and at moments drawn from the seed, and started again on the same port and data. A probe holds and");
        text.AppendLine("releases one seat of its own event five times a second throughout. A fault's window runs from the kill until");
        text.AppendLine("the process serves again and a hold sent after the kill has succeeded, whichever is later; a dropped request is one");
        text.AppendLine("that got no answer (connection reset or refused by every Api, or a timeout); \"other unexpected\" is any other answer");
        text.AppendLine("a healthy sale does not give (a 404 or 429, say; a 409 on a hold or a 402 for the declined card are expected).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {Seed}; {Sale.Seconds:0} s of sale, {AcknowledgedOrders} orders acknowledged (commit answered 200).");
        text.AppendLine();
        text.AppendLine("| killed (`kill -9`) | at | down | serving again after | holds succeed again after | window | requests in window | answered 5xx | dropped (no answer) | other unexpected | unexpected answers |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var fault in Faults)
        {
            var errors = fault.Errors.Count == 0 ? "none" : string.Join(", ", fault.Errors.OrderByDescending(pair => pair.Value).Take(4).Select(pair => $"`{pair.Key}` {pair.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {fault.Target} | {fault.KilledAtSeconds:0.0} s | {fault.DownSeconds:0.0} s | {fault.ServingAgainAfterSeconds:0.0} s | {Elapsed(fault.HoldsBackAfterSeconds)} | {fault.WindowSeconds:0.0} s | {fault.Requests} | {fault.Answered5xx} | {fault.Dropped} | {fault.OtherUnexpected} | {errors.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- unexpected answers outside every fault window: {UnexpectedOutsideWindowsCount}{Outcomes(UnexpectedOutsideWindows)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- acknowledged orders lost (missing from PostgreSQL or Redis after convergence): **{LostOrders.Count}**");
        text.AppendLine(CultureInfo.InvariantCulture, $"- seats sold twice (two tickets, or in two acknowledged orders): **{SeatsSoldTwice.Count}**; oversell alarms: {OversellAlarms}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- drift repaired by the reconciler: {(Repairs.Count == 0 ? "none" : string.Join(", ", Repairs.Select(pair => $"{pair.Key} {pair.Value}")))}; closing reconciliation: {ClosingReconciliation}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- invariants: {(Invariants.Passed ? "all hold" : $"{Invariants.ViolationCount} violation(s)")} ({string.Join(", ", Invariants.Results.Select(result => $"{result.Name} {(result.Passed ? "✓" : "✗")}"))})");
        return text.ToString();
    }

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"chaos run, seed {Seed}, event {EventId}");
        foreach (var fault in Faults)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {fault.Target,-9} killed at {fault.KilledAtSeconds,6:0.0} s, down {fault.DownSeconds:0.0} s, serving again after {fault.ServingAgainAfterSeconds:0.0} s, " +
                $"holds back after {Elapsed(fault.HoldsBackAfterSeconds)}; in its {fault.WindowSeconds:0.0} s window {fault.Requests} requests, {fault.Answered5xx} answered 5xx, {fault.Dropped} dropped, {fault.OtherUnexpected} other unexpected");
            foreach (var (outcome, count) in fault.Errors.OrderByDescending(pair => pair.Value).Take(6))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {count,6}  {outcome}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  unexpected answers outside every fault window: {UnexpectedOutsideWindowsCount}{Outcomes(UnexpectedOutsideWindows)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  acknowledged orders: {AcknowledgedOrders}; lost: {LostOrders.Count}; seats sold twice: {SeatsSoldTwice.Count}; oversell alarms: {OversellAlarms}");
        foreach (var line in LostOrders.Concat(SeatsSoldTwice).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {line}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  drift repaired: {(Repairs.Count == 0 ? "none" : string.Join(", ", Repairs.Select(pair => $"{pair.Key} {pair.Value}")))}; closing reconciliation: {ClosingReconciliation}");
        text.Append(Invariants.Describe());
        return text.ToString();
    }

    private static string Outcomes(IReadOnlyList<UnexpectedAnswer> answers) =>
        answers.Count == 0 ? "" : " (" + string.Join(", ", answers.GroupBy(answer => $"{answer.Operation} {answer.Outcome}", StringComparer.Ordinal)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"`{group.Key}` {group.Count()} from {group.Min(answer => answer.AtSeconds):0.0} s to {group.Max(answer => answer.AtSeconds):0.0} s"))) + ")";

    private static string Elapsed(double? value) => value is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s") : "never (within the limit)";
}

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
/// 201 (null: none within the recovery limit); <c>Errors</c> counts each failing outcome of the
/// window (<c>503 …</c>, <c>transport: …</c>) per operation.
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
    IReadOnlyDictionary<string, long> Errors);

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
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {Seed}; {Sale.Seconds:0} s of sale, {AcknowledgedOrders} orders acknowledged (commit answered 200).");
        text.AppendLine();
        text.AppendLine("| killed (`kill -9`) | at | down | serving again after | holds succeed again after | window | requests in window | answered 5xx | dropped (no answer) | failing outcomes |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var fault in Faults)
        {
            var errors = fault.Errors.Count == 0 ? "none" : string.Join(", ", fault.Errors.OrderByDescending(pair => pair.Value).Take(4).Select(pair => $"`{pair.Key}` {pair.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {fault.Target} | {fault.KilledAtSeconds:0.0} s | {fault.DownSeconds:0.0} s | {fault.ServingAgainAfterSeconds:0.0} s | {Elapsed(fault.HoldsBackAfterSeconds)} | {fault.WindowSeconds:0.0} s | {fault.Requests} | {fault.Answered5xx} | {fault.Dropped} | {errors.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        text.AppendLine();
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
                $"holds back after {Elapsed(fault.HoldsBackAfterSeconds)}; in its {fault.WindowSeconds:0.0} s window {fault.Requests} requests, {fault.Answered5xx} answered 5xx, {fault.Dropped} dropped");
            foreach (var (outcome, count) in fault.Errors.OrderByDescending(pair => pair.Value).Take(6))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {count,6}  {outcome}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  acknowledged orders: {AcknowledgedOrders}; lost: {LostOrders.Count}; seats sold twice: {SeatsSoldTwice.Count}; oversell alarms: {OversellAlarms}");
        foreach (var line in LostOrders.Concat(SeatsSoldTwice).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {line}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  drift repaired: {(Repairs.Count == 0 ? "none" : string.Join(", ", Repairs.Select(pair => $"{pair.Key} {pair.Value}")))}; closing reconciliation: {ClosingReconciliation}");
        text.Append(Invariants.Describe());
        return text.ToString();
    }

    private static string Elapsed(double? value) => value is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s") : "never (within the limit)";
}

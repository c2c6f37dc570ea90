using FastEndpoints;
using Ticketing.Reconciler.Drift;

namespace Ticketing.Api.Features.Admin;

public sealed record RunReconciliationResponse(
    long RunId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int EventsChecked,
    IReadOnlyList<RepairResponse> Repairs);

public sealed record RepairResponse(Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail);

/// <summary><c>POST /api/v1/admin/reconcile</c>: make Redis and PostgreSQL agree now, and report every repair.</summary>
public sealed class RunReconciliation(IReconciliationRunner runner) : EndpointWithoutRequest<RunReconciliationResponse>
{
    public const string Trigger = "admin";

    public override void Configure()
    {
        Post("/reconcile");
        Group<AdminGroup>();
        Summary(summary => summary.Summary = "Run reconciliation now and return its report");
    }

    public override async Task<RunReconciliationResponse> ExecuteAsync(CancellationToken ct)
    {
        var report = await runner.RunAsync(Trigger, ct).ConfigureAwait(false);
        return new RunReconciliationResponse(
            report.RunId,
            report.Trigger,
            report.StartedAt,
            report.FinishedAt,
            report.EventsChecked,
            [.. report.Repairs.Select(repair => new RepairResponse(repair.EventId, repair.Kind, repair.SeatId, repair.Before, repair.After, repair.Detail))]);
    }
}

using FastEndpoints;
using Ticketing.Reconciler.Dashboard;
using Ticketing.Reconciler.Jobs;

namespace Ticketing.Api.Features.Admin;

public sealed record RunReconciliationResponse(
    long RunId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int EventsChecked,
    IReadOnlyList<RepairResponse> Repairs,
    string JobId,
    string DashboardUrl);

public sealed record RepairResponse(Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail);

/// <summary>
/// <c>POST /api/v1/admin/reconcile</c>: make Redis and PostgreSQL agree now, and report every repair. The run is the
/// reconcile job, enqueued on the job server; the answer names the job and its dashboard page.
/// </summary>
public sealed class RunReconciliation(OnDemandReconciliation reconciliation) : EndpointWithoutRequest<RunReconciliationResponse>
{
    public override void Configure()
    {
        Post("/reconcile");
        Group<AdminGroup>();
        Summary(summary => summary.Summary = "Run reconciliation now and return its report");
    }

    public override async Task<RunReconciliationResponse> ExecuteAsync(CancellationToken ct)
    {
        var (jobId, report) = await reconciliation.RunAsync(ct).ConfigureAwait(false);
        return new RunReconciliationResponse(
            report.RunId,
            report.Trigger,
            report.StartedAt,
            report.FinishedAt,
            report.EventsChecked,
            [.. report.Repairs.Select(repair => new RepairResponse(repair.EventId, repair.Kind, repair.SeatId, repair.Before, repair.After, repair.Detail))],
            jobId,
            JobsDashboard.JobUrl(jobId));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Reconciler.Dashboard;
using Ticketing.Reconciler.Jobs;

namespace Ticketing.Api.Features.Admin;

/// <summary>
/// <c>POST /api/v1/admin/reconcile</c>: make Redis and PostgreSQL agree now, and report every repair. The run is the
/// reconcile job, enqueued on the job server; the answer names the job and its dashboard page.
/// </summary>
public static class RunReconciliation
{
    public sealed record Response(
        long RunId,
        string Trigger,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt,
        int EventsChecked,
        IReadOnlyList<RepairResponse> Repairs,
        string JobId,
        string DashboardUrl);

    public sealed record RepairResponse(Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail);

    public static void Map(RouteGroupBuilder admin) => admin.MapPost("/reconcile", HandleAsync)
        .WithName("RunReconciliation")
        .WithSummary("Run reconciliation now and return its report");

    public static async Task<Ok<Response>> HandleAsync(OnDemandReconciliation reconciliation, CancellationToken cancellationToken)
    {
        var (jobId, report) = await reconciliation.RunAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Response(
            report.RunId,
            report.Trigger,
            report.StartedAt,
            report.FinishedAt,
            report.EventsChecked,
            [.. report.Repairs.Select(repair => new RepairResponse(repair.EventId, repair.Kind, repair.SeatId, repair.Before, repair.After, repair.Detail))],
            jobId,
            JobsDashboard.JobUrl(jobId)));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Reconciler.Drift;

namespace Ticketing.Api.Features.Admin;

/// <summary><c>POST /api/v1/admin/reconcile</c>: make Redis and PostgreSQL agree now, and report every repair.</summary>
public static class RunReconciliation
{
    public const string Trigger = "admin";

    public sealed record Response(
        long RunId,
        string Trigger,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt,
        int EventsChecked,
        IReadOnlyList<RepairResponse> Repairs);

    public sealed record RepairResponse(Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail);

    public static void Map(RouteGroupBuilder admin) => admin.MapPost("/reconcile", HandleAsync)
        .WithName("RunReconciliation")
        .WithSummary("Run reconciliation now and return its report");

    public static async Task<Ok<Response>> HandleAsync(IReconciliationRunner runner, CancellationToken cancellationToken)
    {
        var report = await runner.RunAsync(Trigger, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Response(
            report.RunId,
            report.Trigger,
            report.StartedAt,
            report.FinishedAt,
            report.EventsChecked,
            [.. report.Repairs.Select(repair => new RepairResponse(repair.EventId, repair.Kind, repair.SeatId, repair.Before, repair.After, repair.Detail))]));
    }
}

using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ticketing.Reconciler.Dashboard;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>, for admins only, with an extra page for the outbox
/// writer. Its pages load CSS, scripts and statistics with plain browser requests, which carry no
/// bearer header, so a browser signs in once with <c>POST /hangfire/session</c> (admin bearer token)
/// and gets the same token back as a short-lived HttpOnly cookie scoped to <c>/hangfire</c>.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>The dashboard's page of one job (relative URL).</summary>
    public static string JobUrl(string jobId) => $"{Path}/jobs/details/{Uri.EscapeDataString(jobId)}";

    /// <param name="endpoints">The Api's routes.</param>
    /// <param name="adminPolicy">The authorization policy an admin's token satisfies.</param>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints, string adminPolicy)
    {
        OutboxPage.Register();
        endpoints.MapPost($"{Path}/session", DashboardSession.Start)
            .RequireAuthorization(adminPolicy)
            .ExcludeFromDescription();
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = "/ops",
            DashboardTitle = "Ticketing jobs",
            DisplayStorageConnectionString = false,
            AsyncAuthorization = [new AdminDashboardAuthorization(adminPolicy)],
        }, endpoints.ServiceProvider.GetRequiredService<JobStorage>());
        return endpoints;
    }
}

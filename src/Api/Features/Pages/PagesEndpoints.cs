using Microsoft.Extensions.FileProviders;

namespace Ticketing.Api.Features.Pages;

/// <summary>
/// The two pages: <c>/</c>, the seat map (index.html, served as the default file), and
/// <c>/ops</c>, the ops dashboard. Both are static pages over the HTTP API; the dashboard's data
/// route (<c>GET /api/v1/admin/ops</c>) is what requires the admin role.
/// </summary>
public static class PagesEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ops", (IWebHostEnvironment environment) => Page(environment.WebRootFileProvider, "ops.html"))
            .WithName("OpsDashboard")
            .WithSummary("The ops dashboard page (its data needs an admin token)")
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Page(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        return file.Exists && file.PhysicalPath is not null
            ? TypedResults.PhysicalFile(file.PhysicalPath, "text/html; charset=utf-8")
            : TypedResults.NotFound();
    }
}

using Microsoft.Extensions.FileProviders;

namespace Ticketing.Api.Features.Pages;

/// <summary>
/// The pages: <c>/</c>, the seat map (index.html, served as the default file), <c>/orders</c>, the
/// buyer's tickets with their QR codes, and <c>/ops</c>, the ops dashboard. All are static pages over
/// the HTTP API; their data routes (<c>GET /api/v1/me/orders</c>, <c>GET /api/v1/admin/ops</c>) are
/// what require a buyer's token or the admin role.
/// </summary>
public static class PagesEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ops", (IWebHostEnvironment environment) => Page(environment.WebRootFileProvider, "ops.html"))
            .WithName("OpsDashboard")
            .WithSummary("The ops dashboard page (its data needs an admin token)")
            .ExcludeFromDescription();
        endpoints.MapGet("/orders", (IWebHostEnvironment environment) => Page(environment.WebRootFileProvider, "orders.html"))
            .WithName("OrdersPage")
            .WithSummary("The buyer's tickets with their QR codes (its data needs the buyer's token)")
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

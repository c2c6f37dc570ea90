using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API9:2023 Improper Inventory Management. The OpenAPI document is the inventory: every route the app
/// maps is in it, except the pages, health, metrics and the jobs dashboard; nothing else answers, and there are
/// no old or hidden versions.
/// </summary>
public sealed class Api9ImproperInventoryManagementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Routes deliberately outside the API document: what each one is is said in docs/SECURITY.md.</summary>
    private static readonly string[] UndocumentedRoutes =
    [
        "GET /ops",
        "GET /orders",
        "* /health/live",
        "* /health/ready",
        "* /metrics",
        "POST /hangfire/session",
        // FastEndpoints maps it in every app; the Api answers it 404 (ARouteOutsideTheInventoryAnswers404).
        "GET /_test_url_cache_",
    ];

    /// <summary>Hangfire's dashboard maps its pages under this prefix; it checks the admin policy itself.</summary>
    private const string DashboardPrefix = "/hangfire/";

    [Fact]
    public async Task EveryMappedRouteIsInTheOpenApiDocumentOrIsAPageHealthMetricsOrTheJobsDashboard()
    {
        var document = await api.GetAsync("/openapi/v1.json");
        var documented = document.Body.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var unlisted = RouteInventory.Of(api.Server.Services)
            .Where(route => !documented.Contains(route.ToString()) && !UndocumentedRoutes.Contains(route.ToString())
                && !route.Route.StartsWith(DashboardPrefix, StringComparison.Ordinal))
            .Select(route => route.ToString())
            .ToList();

        Assert.True(unlisted.Count == 0, "not in the inventory: " + string.Join(", ", unlisted));
    }

    [Theory]
    [InlineData("GET", "/api/v2/events")]
    [InlineData("GET", "/api/v0/events")]
    [InlineData("GET", "/api/events")]
    [InlineData("GET", "/api/v1/internal/debug")]
    [InlineData("GET", "/api/v1/admin")]
    [InlineData("GET", "/swagger")]
    [InlineData("GET", "/openapi/v2.json")]
    [InlineData("GET", "/appsettings.json")]
    [InlineData("GET", "/Ticketing.Api.dll")]
    [InlineData("GET", "/.git/config")]
    [InlineData("GET", "/_test_url_cache_")]
    public async Task ARouteOutsideTheInventoryAnswers404(string method, string path)
    {
        var answer = await api.SendAsync(new HttpMethod(method), path, api.NewUser("admin"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.DoesNotContain("Ticketing.", answer.Body.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : answer.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnlistedMethodOnAListedRouteIsRefused()
    {
        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v1/events", api.NewUser("admin"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
    }
}

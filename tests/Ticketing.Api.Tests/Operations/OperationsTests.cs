using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Operations;

public sealed class OperationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PingAnswersATinyJsonWithoutAToken()
    {
        var ping = await api.GetAsync("/api/v1/ping");

        Assert.Equal(HttpStatusCode.OK, ping.Status);
        Assert.True(ping.Body.GetProperty("pong").GetBoolean());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRouteOfTheContractInSnakeCase()
    {
        var document = await api.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Body.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/events", "post"), ("/api/v1/events", "get"), ("/api/v1/events/{eventId}", "get"),
            ("/api/v1/events/{eventId}/seatmap", "get"), ("/api/v1/events/{eventId}/reservations", "post"),
            ("/api/v1/reservations/{id}", "get"), ("/api/v1/reservations/{id}", "delete"),
            ("/api/v1/reservations/{id}/extend", "patch"), ("/api/v1/reservations/{id}/commit", "post"),
            ("/api/v1/orders/{id}", "get"), ("/api/v1/me/orders", "get"), ("/api/v1/auth/dev-token", "post"),
            ("/api/v1/admin/reconcile", "post"), ("/api/v1/ping", "get"),
        })
        {
            Assert.True(paths.GetProperty(path).TryGetProperty(method, out _), $"{method} {path} is missing");
        }

        var schemas = document.Body.GetProperty("components").GetProperty("schemas").GetRawText();
        Assert.Contains("\"client_reservation_id\"", schemas, StringComparison.Ordinal);
        Assert.Contains("\"idempotency_key\"", schemas, StringComparison.Ordinal);
        Assert.DoesNotContain("\"clientReservationId\"", schemas, StringComparison.Ordinal);
        Assert.True(document.Body.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        Assert.True(document.Body.GetProperty("components").GetProperty("schemas").TryGetProperty("HoldSeatsRequest", out _));
        Assert.True(document.Body.GetProperty("components").GetProperty("schemas").TryGetProperty("CommitReservationRequest", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServedAtDocs()
    {
        using var response = await api.Server.Client.GetAsync(new Uri("/docs/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MetricsCountRequestsPerRouteAndStatusAndTheSaleOutcomes()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        await api.HoldAsync(eventId, user, "FLOOR-A-1");
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1");

        // ASP.NET Core records a request's duration as the exchange ends, a moment after the client has its answer.
        var holdRequests = new Regex("""http_server_request_duration_seconds_count\{[^}]*http_response_status_code="409"[^}]*http_route="/api/v1/events/\{eventId\}/reservations"[^}]*\} [1-9]""");
        await Eventually.HoldsAsync(async () => holdRequests.IsMatch(await api.Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))));
        using var response = await api.Server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ticketing_api_outcomes_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""ticketing_api_outcomes_total\{operation="HoldSeats",outcome="created"\} [1-9]""", text);
        Assert.Matches("""ticketing_api_outcomes_total\{operation="HoldSeats",outcome="seat_unavailable"\} [1-9]""", text);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("""http_server_request_duration_seconds_bucket\{[^}]*http_route="/api/v1/events/\{eventId\}/reservations"[^}]*le="\+Inf"\} [1-9]""", text);
    }

    [Fact]
    public async Task AnAdminRunsReconciliationAndGetsItsReport()
    {
        var report = await api.PostAsync("/api/v1/admin/reconcile", null, api.NewUser("admin"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal("admin", report.String("trigger"));
        Assert.Equal(JsonValueKind.Array, report.Body.GetProperty("repairs").ValueKind);
        Assert.True(report.Body.GetProperty("run_id").GetInt64() > 0);
        var jobId = report.String("job_id");
        Assert.False(string.IsNullOrEmpty(jobId));
        Assert.Equal($"/hangfire/jobs/details/{jobId}", report.String("dashboard_url"));
    }

    [Fact]
    public async Task AnUnknownRouteOrMethodAnswersAProblem()
    {
        (await api.GetAsync("/api/v1/nothing-here")).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await api.SendAsync(HttpMethod.Put, "/api/v1/ping", null)).AssertProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task AWrongContentTypeAnswers415()
    {
        var eventId = await api.CreateEventAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/events/{eventId}/reservations", UriKind.Relative))
        {
            Content = new StringContent("seat_ids=FLOOR-A-1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new("Bearer", api.NewUser().Token);

        using var response = await api.Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

using System.Net;
using System.Text.Json;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Observability;

/// <summary>
/// One compact JSON line per request, as an operator reads it: route, status, outcome, user, event
/// and trace id, and never the bearer token. The Api here logs to a file through the same Serilog
/// configuration section that sends production logs to stdout.
/// </summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private readonly ApiLogFile _log = new();
    private ApiFixture? _api;

    private ApiFixture Api => _api!;

    public async Task InitializeAsync()
    {
        var settings = _log.Settings();
        settings["Serilog:MinimumLevel:Default"] = "Information";
        _api = await ApiFixture.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        _log.Dispose();
    }

    [Fact]
    public async Task EachRequestLeavesOneLineWithRouteStatusOutcomeUserEventAndTrace()
    {
        var eventId = await Api.CreateEventAsync();
        var winner = Api.NewUser();
        var loser = Api.NewUser();
        Assert.Equal(HttpStatusCode.Created, (await Api.HoldAsync(eventId, winner, "FLOOR-A-1")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.HoldAsync(eventId, loser, "FLOOR-A-1")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync("/api/v1/me/orders")).Status);

        var created = await RequestLineAsync(line => Is(line, "UserId", winner.Id) && Is(line, "Route", "/api/v1/events/{eventId}/reservations"));
        Assert.Equal("POST", created.GetProperty("RequestMethod").GetString());
        Assert.Equal(201, created.GetProperty("StatusCode").GetInt32());
        Assert.Equal("created", created.GetProperty("Outcome").GetString());
        Assert.Equal(eventId, created.GetProperty("EventId").GetString());
        Assert.Matches("^[0-9a-f]{32}$", created.GetProperty("TraceId").GetString());
        Assert.True(created.GetProperty("Elapsed").GetDouble() > 0);
        Assert.Contains("answered 201 created", Render(created), StringComparison.Ordinal);

        var conflict = await RequestLineAsync(line => Is(line, "UserId", loser.Id));
        Assert.Equal(409, conflict.GetProperty("StatusCode").GetInt32());
        Assert.Equal("seat_unavailable", conflict.GetProperty("Outcome").GetString());

        var anonymous = await RequestLineAsync(line => Is(line, "Route", "/api/v1/me/orders"));
        Assert.Equal("unauthorized", anonymous.GetProperty("Outcome").GetString());

        var text = await _log.ReadAsync();
        Assert.DoesNotContain(winner.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASuccessfulSeatStatusReadOrHealthProbeLeavesNoLineButARefusedReadDoes()
    {
        var eventId = await Api.CreateEventAsync();
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"/api/v1/events/{eventId}/seat-status")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/health/live")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/api/v1/events/{Guid.NewGuid()}/seat-status")).Status);
        var buyer = Api.NewUser();
        Assert.Equal(HttpStatusCode.Created, (await Api.HoldAsync(eventId, buyer, "FLOOR-A-1")).Status);

        // Lines are written in the order the requests ended: once the hold's is there, the reads' would be.
        await RequestLineAsync(line => Is(line, "UserId", buyer.Id));
        var lines = (await _log.LinesAsync()).Where(line => Is(line, "SourceContext", "Serilog.AspNetCore.RequestLoggingMiddleware")).ToList();
        var statusReads = lines.Where(line => Is(line, "Route", "/api/v1/events/{eventId}/seat-status")).ToList();
        Assert.Equal([404], statusReads.Select(line => line.GetProperty("StatusCode").GetInt32()));
        Assert.DoesNotContain(lines, line => Is(line, "Route", "/health/live"));
    }

    private static bool Is(JsonElement line, string property, string value) =>
        line.TryGetProperty(property, out var actual) && actual.ValueKind == JsonValueKind.String && actual.GetString() == value;

    /// <summary>The message as a person reads it: the template with the line's values.</summary>
    private static string Render(JsonElement line) => System.Text.RegularExpressions.Regex.Replace(
        line.GetProperty("@mt").GetString()!, @"\{(\w+)(:[^}]*)?\}",
        match => line.TryGetProperty(match.Groups[1].Value, out var value) ? value.ToString() : match.Value);

    /// <summary>The request line matching <paramref name="match"/>; lines are written as requests end, a moment after the answer.</summary>
    private async Task<JsonElement> RequestLineAsync(Func<JsonElement, bool> match)
    {
        JsonElement? found = null;
        await Ticketing.TestSupport.Eventually.HoldsAsync(async () =>
        {
            found = (await _log.LinesAsync())
                .Where(line => Is(line, "SourceContext", "Serilog.AspNetCore.RequestLoggingMiddleware"))
                .Cast<JsonElement?>()
                .FirstOrDefault(line => match(line!.Value));
            return found is not null;
        });
        return found!.Value;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Features.Reservations;
using Ticketing.Api.Security;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API4:2023 Unrestricted Resource Consumption. Bodies, seats per hold and page sizes are capped with a 4xx
/// problem, Kestrel's limits against slow and greedy clients are in force, and a client that trickles its headers
/// is cut off. The request budgets are proven in <c>RateLimitTests</c>, the feed limits in <c>SeatFeedTests</c>.
/// </summary>
public sealed class Api4UnrestrictedResourceConsumptionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ABodyOverTheSizeLimitAnswers413()
    {
        var eventId = await api.CreateEventAsync();
        var padding = new string('x', (int)ApiHost.MaxRequestBodyBytes);

        var answer = await api.PostAsync($"/api/v1/events/{eventId}/reservations",
            new { client_reservation_id = padding, seat_ids = new[] { "FLOOR-A-1" } }, api.NewUser());

        answer.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task AHoldOfMoreSeatsThanARequestOrTheEventAllowsAnswers422()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();
        var tooManyForAnyRequest = Enumerable.Range(1, HoldSeats.MaxSeatIdsPerRequest + 1).Select(n => $"FLOOR-A-{n}").ToArray();

        (await api.HoldAsync(eventId, fan, tooManyForAnyRequest)).AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
        (await api.HoldAsync(eventId, fan, "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4", "FLOOR-A-5"))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
        (await api.PostAsync($"/api/v1/events/{eventId}/reservations", new { best_available = new { quantity = 1_000_000 } }, fan))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
    }

    [Theory]
    [InlineData("/api/v1/events?limit=101")]
    [InlineData("/api/v1/events?limit=0")]
    [InlineData("/api/v1/events?limit=2147483647")]
    [InlineData("/api/v1/events?page=0")]
    public async Task APageLargerThanTheCapAnswers400(string path)
    {
        (await api.GetAsync(path)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task ThePageCapItselfIsServed()
    {
        var answer = await api.GetAsync($"/api/v1/events?limit={ListEvents.MaxLimit}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body.GetProperty("data").GetArrayLength() <= ListEvents.MaxLimit);
    }

    [Fact]
    public void KestrelRunsWithTheDocumentedLimits()
    {
        var limits = api.Server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(limits.AddServerHeader);
        Assert.Equal(ApiHost.MaxRequestBodyBytes, limits.Limits.MaxRequestBodySize);
        Assert.Equal(ServerLimits.RequestHeadersTimeout, limits.Limits.RequestHeadersTimeout);
        Assert.Equal(ServerLimits.KeepAliveTimeout, limits.Limits.KeepAliveTimeout);
        Assert.Equal(ServerLimits.MaxConcurrentConnections, limits.Limits.MaxConcurrentConnections);
        Assert.Equal(ServerLimits.MaxConcurrentUpgradedConnections, limits.Limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(ServerLimits.MaxRequestHeadersTotalSize, limits.Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(240, limits.Limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(240, limits.Limits.MinResponseDataRate!.BytesPerSecond);
    }

    [Fact]
    public async Task OversizedHeadersAnswer431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/events", UriKind.Relative));
        request.Headers.Add("X-Filler", new string('x', ServerLimits.MaxRequestHeadersTotalSize));

        using var response = await api.Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreClosedUnanswered()
    {
        const int limit = 2;
        var capped = await ApiFixture.StartAsync(new Dictionary<string, string> { ["Kestrel:Limits:MaxConcurrentConnections"] = $"{limit}" });
        var open = new List<TcpClient>();
        try
        {
            // The fixture's own client may hold a pooled connection, so the refusal comes at the limit's connection or the next.
            string? refusal = null;
            while (refusal is null && open.Count <= limit)
            {
                var socket = new TcpClient();
                open.Add(socket);
                await socket.ConnectAsync(capped.Server.BaseAddress.Host, capped.Server.BaseAddress.Port);
                var answer = await PingAsync(socket.GetStream());
                refusal = answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? null : answer;
            }

            Assert.Equal("", refusal);
            Assert.InRange(open.Count, limit, limit + 1);
        }
        finally
        {
            open.ForEach(socket => socket.Dispose());
            await capped.DisposeAsync();
        }
    }

    [Fact]
    public async Task AClientThatTricklesItsHeadersIsDisconnected()
    {
        var slowLoris = await ApiFixture.StartAsync(new Dictionary<string, string> { ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:01" });
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(slowLoris.Server.BaseAddress.Host, slowLoris.Server.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n"));

            // The header block never ends; Kestrel answers 408 or just closes once the timeout (checked once a second) passes.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var received = new StringBuilder();
            var buffer = new byte[1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Assert.True(received.Length == 0 || received.ToString().StartsWith("HTTP/1.1 408", StringComparison.Ordinal), received.ToString());
        }
        finally
        {
            await slowLoris.DisposeAsync();
        }
    }

    /// <summary>A keep-alive ping on a raw connection: the status line and headers, or "" when the server closed it unanswered.</summary>
    private static async Task<string> PingAsync(NetworkStream stream)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n"), deadline.Token);
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer, deadline.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }
}

using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API6:2023 Unrestricted Access to Sensitive Business Flows. Buying is the flow a scalper scripts: holding
/// seats to keep others from them. One account cannot hold more than the event's ticket limit however many holds
/// it makes; scripted hold-and-release cycles run out of the per-user hold budget; many accounts from one address
/// run out of the per-address hold budget. Each refusal leaves the seat for someone else.
/// </summary>
public sealed class Api6UnrestrictedAccessToSensitiveBusinessFlowsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OneAccountCannotHoardBeyondTheTicketLimitAcrossManyHolds()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(maxSeatsPerHold: 2, maxTicketsPerUser: 4));
        var scalper = api.NewUser();

        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, scalper, "FLOOR-A-1", "FLOOR-A-2")).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, scalper, "FLOOR-A-3", "FLOOR-A-4")).Status);
        (await api.HoldAsync(eventId, scalper, "FLOOR-A-5")).AssertProblem(HttpStatusCode.UnprocessableEntity, "ticket_limit_exceeded");

        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-5"]);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-5")).Status);
    }

    [Fact]
    public async Task ScriptedHoldAndReleaseCyclesRunOutOfTheHoldBudget()
    {
        var limited = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:HoldsPerUser"] = "3",
            ["RateLimits:WindowSeconds"] = "600",
        });
        try
        {
            var eventId = await limited.CreateEventAsync();
            var scripter = limited.NewUser();
            for (var cycle = 0; cycle < 3; cycle++)
            {
                var held = await limited.HoldAsync(eventId, scripter, "FLOOR-A-1");
                Assert.Equal(HttpStatusCode.Created, held.Status);
                Assert.Equal(HttpStatusCode.NoContent, (await limited.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{held.String("reservation_id")}", scripter)).Status);
            }

            var refused = (await limited.HoldAsync(eventId, scripter, "FLOOR-A-1")).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");

            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("available", (await limited.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
            Assert.Equal(HttpStatusCode.Created, (await limited.HoldAsync(eventId, limited.NewUser(), "FLOOR-A-1")).Status);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task ManyAccountsFromOneAddressRunOutOfTheAddresssHoldBudget()
    {
        var limited = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:HoldsPerAddress"] = "4",
            ["RateLimits:RequestsPerAddress"] = "1000",
            ["RateLimits:WindowSeconds"] = "600",
            ["RateLimits:ExemptLoopback"] = "false",
        });
        try
        {
            var eventId = await limited.CreateEventAsync();
            for (var account = 1; account <= 4; account++)
            {
                Assert.Equal(HttpStatusCode.Created, (await limited.HoldAsync(eventId, limited.NewUser(), $"FLOOR-A-{account}")).Status);
            }

            (await limited.HoldAsync(eventId, limited.NewUser(), "FLOOR-A-5")).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");

            // Only holds are spent: the same address still reads the seat map, which shows the seat still free.
            Assert.Equal("available", (await limited.SeatStatusesAsync(eventId))["FLOOR-A-5"]);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }
}

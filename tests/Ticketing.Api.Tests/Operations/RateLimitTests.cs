using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Operations;

/// <summary>Small budgets in a long window, so the limits are reached by a handful of requests and never reset mid-test.</summary>
public sealed class RateLimitTests(RateLimitTests.TightBudgets api) : IClassFixture<RateLimitTests.TightBudgets>
{
    [Fact]
    public async Task AUserOverTheHoldBudgetGets429WithRetryAfterWhileOthersStillHold()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(maxTicketsPerUser: 20));
        var greedy = api.NewUser();
        for (var seat = 1; seat <= 3; seat++)
        {
            Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, greedy, $"FLOOR-A-{seat}")).Status);
        }

        var limited = await api.HoldAsync(eventId, greedy, "FLOOR-A-4");

        limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-4"]);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-4")).Status);
    }

    [Fact]
    public async Task AUserOverTheCommitBudgetGets429()
    {
        var user = api.NewUser();
        var answers = new List<ApiResponse>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            answers.Add(await api.PostAsync("/api/v1/reservations/rsv_nope/commit", new { payment_token = "tok_visa", idempotency_key = "k" }, user));
        }

        Assert.All(answers.Take(2), answer => Assert.Equal(HttpStatusCode.NotFound, answer.Status));
        answers[2].AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    public sealed class TightBudgets() : ApiFixture(new Dictionary<string, string>
    {
        ["RateLimits:HoldsPerUser"] = "3",
        ["RateLimits:CommitsPerUser"] = "2",
        ["RateLimits:WindowSeconds"] = "600",
    });
}

public sealed class AddressRateLimitTests
{
    [Fact]
    public async Task AClientAddressOverItsBudgetGets429WhileHealthProbesStillAnswer()
    {
        var limited = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:RequestsPerAddress"] = "5",
            ["RateLimits:WindowSeconds"] = "600",
            ["RateLimits:ExemptLoopback"] = "false",
        });
        try
        {
            var answers = new List<ApiResponse>();
            for (var i = 0; i < 6; i++)
            {
                answers.Add(await limited.GetAsync("/api/v1/ping"));
            }

            Assert.All(answers.Take(5), answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
            answers[5].AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.NotNull(answers[5].Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync("/health/live")).Status);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }
}

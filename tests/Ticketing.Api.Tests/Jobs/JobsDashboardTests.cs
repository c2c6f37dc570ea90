using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Jobs;

/// <summary>An Api whose process declares the recurring jobs, as a deployed one does.</summary>
public sealed class JobsApiFixture() : ApiFixture(new Dictionary<string, string> { ["Reconciler:Jobs:Enabled"] = "true" });

/// <summary>The jobs dashboard at /hangfire: open to an admin who signed in on /ops, closed to everyone else.</summary>
public sealed partial class JobsDashboardTests(JobsApiFixture api, Chromium chromium) : IClassFixture<JobsApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AnAdminSignedInOnOpsSeesTheRecurringJobsAndTheRunOfReconcileNow()
    {
        var admin = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await admin.GotoAsync($"/ops#token={api.NewUser(ApiClaims.AdminRole).Token}");
        await Assertions.Expect(admin.Locator("#dashboard")).ToBeVisibleAsync();

        await admin.ClickAsync("#reconcile");
        await Assertions.Expect(admin.Locator("#message")).ToContainTextAsync("event(s) checked");
        var jobId = JobIdInMessage().Match(await admin.Locator("#message").InnerTextAsync()).Groups[1].Value;
        Assert.NotEmpty(jobId);

        await admin.ClickAsync("#jobs-link");
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("Ticketing jobs");
        await admin.GotoAsync("/hangfire/recurring");
        foreach (var job in new[] { "expire-holds", "reconcile", "load-events", "retention-purge" })
        {
            await Assertions.Expect(admin.Locator("table", new PageLocatorOptions { HasText = job })).ToBeVisibleAsync();
        }

        var details = await admin.GotoAsync($"/hangfire/jobs/details/{jobId}");
        Assert.Equal((int)HttpStatusCode.OK, details!.Status);
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("ReconcileJob");
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("Succeeded");

        await admin.GotoAsync("/hangfire/outbox");
        await Assertions.Expect(admin.Locator("#outbox-lag")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ACustomerAndAnAnonymousVisitorAreRefused()
    {
        var customer = api.NewUser();
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync($"/ops#token={customer.Token}");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not an admin token");
        var refused = await page.GotoAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused!.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/hangfire", token: null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "/hangfire", customer.Token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/hangfire/session", customer.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/hangfire", api.NewUser(ApiClaims.AdminRole).Token));
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await api.Server.Client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\(job (\w+)\)")]
    private static partial Regex JobIdInMessage();
}

using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API8:2023 Security Misconfiguration. Pages and answers carry the browser hardening headers, no answer
/// names the server, cross-origin calls get no CORS grant, dev tokens are off unless a deployment asks for them,
/// and errors carry no stack trace.
/// </summary>
public sealed class Api8SecurityMisconfigurationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/ops")]
    [InlineData("/queue.html")]
    [InlineData("/seatmap.js")]
    public async Task PagesCarryAContentSecurityPolicyThatKeepsThemOutOfFrames(string path)
    {
        using var response = await api.Server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        AssertHardened(response);
    }

    [Theory]
    [InlineData("/api/v1/events")]
    [InlineData("/api/v1/me/orders")]
    [InlineData("/api/v1/no-such-route")]
    public async Task ApiAnswersAndErrorsAllowNoContentAndNoFraming(string path)
    {
        using var response = await api.Server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        AssertHardened(response);
    }

    [Fact]
    public async Task ACrossOriginCallerGetsNoCorsGrant()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/v1/me/orders", UriKind.Relative));
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var simple = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/events", UriKind.Relative));
        simple.Headers.Add("Origin", "https://evil.example");

        using var preflighted = await api.Server.Client.SendAsync(preflight);
        using var read = await api.Server.Client.SendAsync(simple);

        foreach (var response in new[] { preflighted, read })
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }
    }

    [Fact]
    public async Task DevTokensAreOffUnlessTheDeploymentAsksForThem()
    {
        Assert.False(new AuthOptions().AllowDevTokens);
        var production = await ApiFixture.StartAsync(new Dictionary<string, string> { ["Auth:AllowDevTokens"] = "false" });
        try
        {
            (await production.PostAsync("/api/v1/auth/dev-token", new { user_id = "intruder", role = "admin" }))
                .AssertProblem(HttpStatusCode.NotFound, "not_found");
            var document = await production.GetAsync("/openapi/v1.json");
            Assert.False(document.Body.GetProperty("paths").TryGetProperty("/api/v1/auth/dev-token", out _));
        }
        finally
        {
            await production.DisposeAsync();
        }
    }

    [Fact]
    public async Task ABrokenBodyIsAProblemWithoutInternals()
    {
        var answer = await api.PostAsync("/api/v1/reservations/h_x/commit", "{\"payment_token\": ", api.NewUser());

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        var text = answer.Body.GetRawText();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }

    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : $"<no {name}>";
}

using System.Net;
using Microsoft.Extensions.Options;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Auth;

/// <summary>The start-up settings <c>./ticketing run</c> uses, and the ones production must refuse.</summary>
public sealed class StartupTests
{
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 48).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task RunSettingsWriteAWorkingAdminTokenSeedTheDemoEventAndKeepDevTokensOffWhenAsked()
    {
        var folder = Directory.CreateTempSubdirectory("ticketing-api-").FullName;
        var tokenFile = Path.Combine(folder, "dev-admin-token");
        var api = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:AllowDevTokens"] = "false",
            ["Auth:DevAdminTokenFile"] = tokenFile,
            ["Demo:SeedEvent"] = "true",
        });
        try
        {
            var admin = new TestUser("dev-admin", (await File.ReadAllTextAsync(tokenFile)).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            }

            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/admin/reconcile", null, admin)).Status);

            (await api.PostAsync("/api/v1/auth/dev-token", new { user_id = "u1" })).AssertProblem(HttpStatusCode.NotFound, "not_found");

            await Eventually.HoldsAsync(async () =>
                (await api.GetAsync("/api/v1/events?q=Demo Stadium Night")).Body.GetProperty("meta").GetProperty("total").GetInt32() == 1);
            var demo = (await api.GetAsync("/api/v1/events?q=Demo Stadium Night")).Body.GetProperty("data")[0];
            Assert.True(demo.GetProperty("availability").GetProperty("total_seats").GetInt32() > 1000);
        }
        finally
        {
            await api.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    public async Task ProductionRefusesToStartWithoutAStrongSigningKey(string key)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Auth:SigningKey"] = key,
        }));

        Assert.Contains("Auth:SigningKey", failure.Message, StringComparison.Ordinal);
    }
}

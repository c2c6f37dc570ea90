using System.Globalization;
using Ticketing.Api.Tests.Support;
using Ticketing.Load.Cli;
using Ticketing.Load.Scenarios;
using Ticketing.Load.Scenarios.FlashSale;
using Ticketing.TestSupport;

namespace Ticketing.Load.Tests.Scenarios;

/// <summary>
/// The driver's flash sale against the real Api (its admission job, outbox writer and sweeper
/// running) over HTTP: a small event sold out through its waiting room, then the invariant check.
/// </summary>
public sealed class FlashSaleThroughRoomTests
{
    [Fact]
    public async Task ASmallSaleSellsOutThroughTheRoomWithEveryHoldAdmittedAndNoInvariantBroken()
    {
        var redis = await RedisServer.Shared;
        var postgres = await (await PostgresServer.Shared).CreateDatabaseAsync("load");
        await using var api = await ApiServer.StartAsync(redis.Configuration, postgres, new Dictionary<string, string>
        {
            // The admission loop, the outbox writer and the expiry sweep run as in production.
            ["Reconciler:Jobs:Enabled"] = "true",
            // Every fan of the driver shares one loopback address: the bench-style per-address budget.
            ["WaitingRoom:JoinsPerAddress"] = "100000",
        });
        await Eventually.HoldsAsync(async () =>
            (await api.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == System.Net.HttpStatusCode.OK);
        var output = Directory.CreateTempSubdirectory("flash-sale-test");
        try
        {
            var settings = new Settings(
            [
                "--base-url", api.BaseAddress.ToString(), "--event-seats", "200", "--seats-per-row", "20", "--rows-per-section", "5",
                "--fans", "300", "--join-rate", "150", "--max-active", "60", "--admit-per-second", "200", "--target-p99-ms", "500",
                "--max-poll-wait", "0.1", "--abandon-share", "0", "--hold-ttl", "10", "--duration", "90s", "--seed", "7",
                "--redis", redis.Configuration, "--postgres", postgres, "--settle", "30s", "--out", output.FullName,
            ], _ => null);
            using var context = ScenarioContext.Create(settings, connections: 64);

            var report = await FlashSaleScenario.RunAsync(context, CancellationToken.None);

            Assert.Equal("true", report.Facts["sold_out"]);
            Assert.True(report.Invariants is { Passed: true }, report.Invariants?.Describe());
            var admitted = long.Parse(report.Facts["fans_admitted"], CultureInfo.InvariantCulture);
            Assert.InRange(admitted, 1, long.Parse(report.Facts["room_admitted_total"], CultureInfo.InvariantCulture));
            Assert.True(admitted < 300, "the sale sold out before every fan who joined was let in");
            // Every hold was made under an admission: none was turned away at the gate.
            var holds = report.Operations.Where(pair => pair.Key.StartsWith("hold", StringComparison.Ordinal)).SelectMany(pair => pair.Value.Outcomes);
            Assert.DoesNotContain(holds, outcome => outcome.Key.Contains("admission_required", StringComparison.Ordinal));
            Assert.True(report.Operations["poll"].Count > 0, "fans polled their place");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Observability;

/// <summary>The Grafana dashboard in deploy/grafana queries only metrics a running Api exports at <c>/metrics</c>.</summary>
public sealed partial class DashboardTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_count", "_sum"];

    [Fact]
    public async Task EveryMetricTheDashboardQueriesIsExportedByTheApi()
    {
        var queried = DashboardMetrics();
        Assert.NotEmpty(queried);

        // A sale's worth of traffic: a hold, a lost race, a commit the outbox writer stores, an
        // outbox entry that is not an order, which raises an alarm (an oversell would, too), and a job run.
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-1");
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1");
        var commit = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = "dashboard" }, buyer);
        Assert.Equal(HttpStatusCode.OK, commit.Status);
        using (var redis = await ConnectionMultiplexer.ConnectAsync((await RedisServer.Shared).Configuration))
        {
            await redis.GetDatabase().ExecuteAsync("XADD", EventKeys.Outbox(eventId), "*", "order", "{not json", "confirmed_at_ms", "1");
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(ScriptConstants.OutboxWake), eventId);
        }

        // A job run: an admin's "reconcile now" runs on the job server.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/admin/reconcile", null, api.NewUser(ApiClaims.AdminRole))).Status);

        var missing = queried;
        await Eventually.HoldsAsync(async () =>
        {
            var exported = ExportedMetrics(await api.Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            missing = [.. queried.Where(metric => !exported.Contains(metric))];
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(30), () => "the dashboard queries metrics /metrics does not export: " + string.Join(", ", missing));
        Assert.Empty(missing);
    }

    /// <summary>Metric names in the dashboard's PromQL, histogram series folded into their metric.</summary>
    private static List<string> DashboardMetrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "grafana", "dashboards", "ticketing-sale.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!);
        return [.. expressions
            .SelectMany(expression => MetricName().Matches(Labels().Replace(expression, "")).Select(match => match.Value))
            .Where(name => name.Contains('_', StringComparison.Ordinal) && !PromQlWords.Contains(name))
            .Select(FoldHistogram)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    private static HashSet<string> ExportedMetrics(string text) =>
        [.. text.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(line => line.Split(' ')[2])];

    private static string FoldHistogram(string name) =>
        HistogramSuffixes.FirstOrDefault(suffix => name.EndsWith(suffix, StringComparison.Ordinal)) is { } suffix ? name[..^suffix.Length] : name;

    private static readonly HashSet<string> PromQlWords = ["histogram_quantile"];

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]")]
    private static partial Regex Labels();

    [GeneratedRegex("[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();
}

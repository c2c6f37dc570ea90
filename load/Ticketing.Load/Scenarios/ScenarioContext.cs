using Ticketing.Load.Api;
using Ticketing.Load.Cli;
using Ticketing.Load.Measurement;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios;

/// <summary>What every scenario starts from: the target, a client for setup calls, and where results go.</summary>
public sealed class ScenarioContext : IDisposable
{
    private readonly HttpClient _http;

    private ScenarioContext(Settings settings, IReadOnlyList<Uri> apis, int connections)
    {
        Settings = settings;
        BaseUrl = apis[0];
        RunId = settings.Text("run-id", DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
        OutDirectory = settings.Text("out", Path.Combine("load", "results"));
        _http = TicketingClient.CreateHttpClient(apis, connections);
        Setup = new TicketingClient(_http, new Recorder());
    }

    public Settings Settings { get; }

    public Uri BaseUrl { get; }

    public string RunId { get; }

    public string OutDirectory { get; }

    /// <summary>For calls that are not measured (creating the event, fetching tokens).</summary>
    public TicketingClient Setup { get; }

    /// <summary>BASE_URL names one Api, or several separated by commas, taken in turn as behind a load balancer.</summary>
    public static ScenarioContext Create(Settings settings, int connections) =>
        new(settings, ApiRotation.Parse(settings.Text("base-url", "http://127.0.0.1:8080")), connections);

    /// <summary>A client whose calls are measured, sharing the connection pool.</summary>
    public TicketingClient Measured(Recorder recorder) => new(_http, recorder);

    /// <summary>EVENT_ID when given, else a fresh event laid out by <paramref name="plan"/>.</summary>
    public async Task<string> EventIdAsync(EventPlan plan, string title, CancellationToken cancellationToken)
    {
        return Settings.Find("event-id") ?? await CreateEventAsync(plan, title, cancellationToken);
    }

    public async Task<string> CreateEventAsync(EventPlan plan, string title, CancellationToken cancellationToken)
    {
        var admin = await Tokens.AdminAsync(Setup, Settings.Find("admin-token"), cancellationToken);
        var created = await Setup.CreateEventAsync(admin, plan.ToRequest(title), cancellationToken);
        return created.Body?.Id ?? throw new InvalidOperationException($"creating the event answered {created.Outcome}");
    }

    public string ResultPath(string scenario) => Path.Combine(OutDirectory, $"{scenario}-{RunId}.json");

    public void Dispose() => _http.Dispose();
}

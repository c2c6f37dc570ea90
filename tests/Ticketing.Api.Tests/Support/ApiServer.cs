using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ticketing.Api.Tests.Support;

/// <summary>
/// The real Api pipeline served by Kestrel on a free loopback port: tests talk to it over HTTP
/// exactly as a client would.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// What every test server runs with unless a test says otherwise: dev tokens on, loopback exempt
    /// from the per-address budget (every test client is on loopback), warnings-only logs, and no
    /// recurring job schedules (the job server still runs on-demand jobs such as an admin's reconcile).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["Auth:AllowDevTokens"] = "true",
        ["RateLimits:ExemptLoopback"] = "true",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Reconciler:Jobs:Enabled"] = "false",
    };

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="redis">StackExchange.Redis configuration string.</param>
    /// <param name="postgres">Npgsql connection string of the test's own database.</param>
    /// <param name="settings">Further configuration, as <c>Section:Key</c> → value.</param>
    /// <param name="replaceServices">Registrations that replace the Api's own (a <c>FakeTimeProvider</c>, say).</param>
    public static async Task<ApiServer> StartAsync(string redis, string postgres, IDictionary<string, string>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var merged = new Dictionary<string, string>(Defaults, StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Redis"] = redis,
            ["ConnectionStrings:Postgres"] = postgres,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var arguments = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Testing", $"--contentRoot={ApiContentRoot()}" };
        arguments.AddRange(merged.Select(pair => $"--{pair.Key}={pair.Value}"));

        var app = ApiHost.Build([.. arguments], replaceServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new ApiServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>src/Api in the checkout, so the pages in its wwwroot are served as in production.</summary>
    private static string ApiContentRoot() => Path.Combine(Repository.Root, "src", "Api");
}

using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Support;

/// <summary>
/// The Reconciler as its own process (<c>dotnet Ticketing.Reconciler.dll</c>, the scale-out
/// worker), so tests can SIGKILL it mid-work exactly as a crash would.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly ServerProcess _process;

    private WorkerProcess(ServerProcess process) => _process = process;

    public string RecentOutput => _process.RecentOutput;

    public bool IsRunning => _process.IsRunning;

    /// <param name="name">Shown in failure output.</param>
    /// <param name="harness">The database and Redis to work on.</param>
    /// <param name="settings">Configuration keys (e.g. <c>Reconciler:Jobs:Enabled</c>) passed on the command line.</param>
    public static WorkerProcess Start(string name, ReconcilerHarness harness, IDictionary<string, string> settings)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Ticketing.Reconciler.dll");
        var arguments = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = harness.PostgresConnectionString,
            ["ConnectionStrings:Redis"] = harness.RedisConfiguration,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Ticketing"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }

        var process = new ServerProcess(name, "dotnet", [assembly, .. arguments.Select(pair => $"--{pair.Key}={pair.Value}")]);
        process.Start();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement of the batch in hand.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGSTOP: frozen mid-work, so a test can see what it holds before killing it there.</summary>
    public void Pause() => _process.Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => _process.Resume();

    public void Dispose() => _process.Dispose();
}

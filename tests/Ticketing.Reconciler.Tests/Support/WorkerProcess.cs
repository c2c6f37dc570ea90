using System.Runtime.InteropServices;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Support;

/// <summary>
/// The Reconciler as its own process (<c>dotnet Ticketing.Reconciler.dll</c>, the scale-out
/// worker), so tests can SIGKILL it mid-work exactly as a crash would.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int SigStop = 19;
    private readonly ServerProcess _process;
    private readonly string _marker;

    private WorkerProcess(ServerProcess process, string marker)
    {
        _process = process;
        _marker = marker;
    }

    public string RecentOutput => _process.RecentOutput;

    public bool IsRunning => _process.IsRunning;

    /// <param name="name">Shown in failure output.</param>
    /// <param name="harness">The database and Redis to work on.</param>
    /// <param name="settings">Configuration keys (e.g. <c>Reconciler:Jobs:Enabled</c>) passed on the command line.</param>
    public static WorkerProcess Start(string name, ReconcilerHarness harness, IDictionary<string, string> settings)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Ticketing.Reconciler.dll");
        var marker = Guid.NewGuid().ToString("N");
        var arguments = new Dictionary<string, string>
        {
            // Unread by the worker: it tells this process apart from its siblings in /proc.
            ["Test:WorkerMarker"] = marker,
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
        return new WorkerProcess(process, marker);
    }

    /// <summary>
    /// SIGSTOP: the process is frozen where it stands and runs nothing more, so a test can check what it
    /// left behind and then <see cref="Kill"/> it at a moment it knows, instead of racing the process.
    /// </summary>
    public void Pause()
    {
        if (SendSignal(ProcessId(), SigStop) != 0)
        {
            throw new InvalidOperationException($"SIGSTOP failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement of the batch in hand.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();

    /// <summary>The worker's process id: the process whose command line carries this worker's marker.</summary>
    private int ProcessId()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid)
                && File.Exists(Path.Combine(directory, "cmdline"))
                && ReadCommandLine(directory).Contains(_marker, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        throw new InvalidOperationException("the worker process is not running");
    }

    private static string ReadCommandLine(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "cmdline"));
        }
        catch (IOException)
        {
            return ""; // the process ended while the directory was listed
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

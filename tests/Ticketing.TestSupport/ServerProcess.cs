using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ticketing.TestSupport;

/// <summary>
/// A real server binary run as a child process. Tests kill it with SIGKILL to prove the promises
/// that must survive a crash, so the process handle is the server itself, never a wrapper shell.
/// <para>
/// No server outlives the test host, even one that crashes or is killed: each is started through
/// <c>setpriv --pdeathsig KILL</c>, which asks the kernel to SIGKILL it when its parent dies and
/// then execs the server in place (same pid). The kernel's "parent" is the thread that forked,
/// not the process, so every server is forked from <see cref="Spawner"/>, one thread that lives
/// as long as the host: from a pool thread, the server would die when that thread retires. A
/// normal exit also kills them (<see cref="KillAll"/>), without waiting for the kernel.
/// </para>
/// </summary>
public sealed class ServerProcess(string name, string fileName, IReadOnlyList<string> arguments) : IDisposable
{
    private const string Setpriv = "/usr/bin/setpriv";

    // Every server still running when the test host exits is killed, so no run leaves servers behind.
    private static readonly List<ServerProcess> Running = [];

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private readonly Lock _gate = new();
    private Process? _process;
    private readonly System.Text.StringBuilder _output = new();

    public string Name { get; } = name;

    public bool IsRunning
    {
        get { lock (_gate) { return _process is { HasExited: false }; } }
    }

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string RecentOutput
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                return;
            }

            var info = new ProcessStartInfo(Setpriv)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // A server that already runs through setpriv (to drop to another user) takes the flag in that same call.
            IEnumerable<string> command = fileName == Setpriv ? arguments : ["--", fileName, .. arguments];
            foreach (var argument in (IEnumerable<string>)["--pdeathsig", "KILL", .. command])
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => Remember(e.Data);
            process.ErrorDataReceived += (_, e) => Remember(e.Data);
            if (!Spawner.Run(process.Start))
            {
                throw new InvalidOperationException($"{Name}: could not start {fileName}");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }

        lock (Running)
        {
            Running.Add(this);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly what a crash looks like.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            _process = null;
        }
    }

    /// <summary>
    /// SIGSTOP: the server freezes exactly where it is, mid-command or mid-batch, so a test can
    /// check what it holds at that instant and then <see cref="Kill"/> it there, with no race.
    /// </summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal("CONT");

    public void Dispose() => Kill();

    private void Signal(string signal)
    {
        int pid;
        lock (_gate)
        {
            pid = _process is { HasExited: false } process ? process.Id : throw new InvalidOperationException($"{Name} is not running");
        }

        Commands.Run("/usr/bin/kill", $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void KillAll()
    {
        ServerProcess[] running;
        lock (Running)
        {
            running = [.. Running];
        }

        foreach (var server in running)
        {
            try
            {
                server._process?.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > 16_000)
            {
                _output.Remove(0, 8_000);
            }

            _output.AppendLine(line);
        }
    }
}

/// <summary>
/// The one thread that forks the servers. It never ends before the host does, so the parent-death
/// signal that setpriv arms fires only when the host itself is gone.
/// </summary>
internal static class Spawner
{
    private static readonly System.Collections.Concurrent.BlockingCollection<Action> Work = [];

    static Spawner()
    {
        var thread = new Thread(() =>
        {
            foreach (var work in Work.GetConsumingEnumerable())
            {
                work();
            }
        })
        {
            IsBackground = true,
            Name = "server-spawner",
        };
        thread.Start();
    }

    /// <summary>Runs <paramref name="start"/> on the spawner thread and returns its result (or throws its exception).</summary>
    public static T Run<T>(Func<T> start)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                result.SetResult(start());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        return result.Task.GetAwaiter().GetResult();
    }
}

/// <summary>Finds loopback ports nobody listens on.</summary>
public static class FreePort
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>A free port; with <paramref name="alsoFree"/>, port + that offset is free too (Redis Cluster's bus port).</summary>
    public static int Next(int? alsoFree = null)
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(20_000, 50_000);
                if (!Handed.Contains(port) && IsFree(port) && (alsoFree is not { } offset || IsFree(port + offset)))
                {
                    Handed.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free loopback port found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ticketing.TestSupport;

/// <summary>
/// A real server binary run as a child process. Tests kill it with SIGKILL to prove the promises
/// that must survive a crash, so the process handle is the server itself, never a wrapper shell.
/// </summary>
public sealed class ServerProcess(string name, string fileName, IReadOnlyList<string> arguments) : IDisposable
{
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

            var info = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => Remember(e.Data);
            process.ErrorDataReceived += (_, e) => Remember(e.Data);
            if (!process.Start())
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

    public void Dispose() => Kill();

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

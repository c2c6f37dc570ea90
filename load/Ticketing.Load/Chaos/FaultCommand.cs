using System.Diagnostics;

namespace Ticketing.Load.Chaos;

/// <summary>
/// The one place processes are killed and started: the stack's script (<c>load/chaos.sh</c>, which
/// started them and knows their pids, ports and data), run as <c>COMMAND kill TARGET</c> and
/// <c>COMMAND start TARGET</c>. Start returns once the target serves again.
/// </summary>
public sealed class FaultCommand(string command, TimeSpan startTimeout)
{
    public Task KillAsync(string target, CancellationToken cancellationToken) => RunAsync("kill", target, TimeSpan.FromSeconds(30), cancellationToken);

    public Task StartAsync(string target, CancellationToken cancellationToken) => RunAsync("start", target, startTimeout, cancellationToken);

    private async Task RunAsync(string verb, string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(command)
        {
            ArgumentList = { verb, target },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not run {command}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{command} {verb} {target}' did not finish within {timeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command} {verb} {target}' exited with {process.ExitCode}: {await output}{await errors}");
        }
    }
}

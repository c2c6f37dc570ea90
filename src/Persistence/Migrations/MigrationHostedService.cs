using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ticketing.Persistence.Migrations;

/// <summary>
/// Applies migrations when the process starts. PostgreSQL may come up after the process does, so
/// this retries instead of failing the host; readiness stays false until it has succeeded.
/// </summary>
public sealed class MigrationHostedService(MigrationRunner runner, SchemaState state, ILogger<MigrationHostedService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.ApplyAsync(stoppingToken).ConfigureAwait(false);
                state.MarkReady();
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Migrations not applied yet ({Reason}); retrying in {Delay}", exception.Message, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}

/// <summary>Whether this process has brought the schema up to date; jobs wait for it.</summary>
public sealed class SchemaState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => _ready.TrySetResult();
}

using Quartz;
using Ticketing.Reconciler.Persistence;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Starts the Quartz scheduler once the migrations (which create its tables) have run, and shuts
/// it down with the host, letting running jobs finish.
/// </summary>
public sealed class JobSchedulerHostedService(ISchedulerFactory factory, SchemaState schema, ILogger<JobSchedulerHostedService> logger)
    : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);
        _scheduler = await factory.GetScheduler(stoppingToken).ConfigureAwait(false);
        await _scheduler.Start(stoppingToken).ConfigureAwait(false);
        logger.LogInformation("Job scheduler {Name} started as instance {Instance}", _scheduler.SchedulerName, _scheduler.SchedulerInstanceId);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}

using Quartz;
using Ticketing.Persistence.Migrations;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Starts the Quartz scheduler once the migrations (which create its tables) have run, and shuts
/// it down with the host, letting running jobs finish. Before starting, a stored trigger whose
/// interval differs from the options (a deploy changed the schedule) is rescheduled, its new
/// cadence counted from its last firing; unchanged triggers are left alone.
/// </summary>
internal sealed class JobSchedulerHostedService(
    ISchedulerFactory factory, RecurringSchedules schedules, SchemaState schema, TimeProvider clock, ILogger<JobSchedulerHostedService> logger)
    : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);
        _scheduler = await factory.GetScheduler(stoppingToken).ConfigureAwait(false);
        await ApplyChangedIntervalsAsync(_scheduler, stoppingToken).ConfigureAwait(false);
        await _scheduler.Start(stoppingToken).ConfigureAwait(false);
        logger.LogInformation("Job scheduler {Name} started as instance {Instance}", _scheduler.SchedulerName, _scheduler.SchedulerInstanceId);
    }

    private async Task ApplyChangedIntervalsAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var schedule in schedules)
        {
            if (await scheduler.GetTrigger(schedule.Trigger, cancellationToken).ConfigureAwait(false) is ISimpleTrigger stored
                && stored.RepeatInterval != schedule.Interval)
            {
                // The new cadence counts from the last firing, so a shorter interval takes effect now
                // rather than at the old schedule's next firing.
                var next = (stored.PreviousFireTimeUtc ?? clock.GetUtcNow()) + schedule.Interval;
                if (stored.NextFireTimeUtc is { } storedNext && storedNext < next)
                {
                    next = storedNext;
                }

                var replacement = TriggerBuilder.Create(clock);
                schedule.Configure(replacement).StartAt(next);
                await scheduler.RescheduleJob(schedule.Trigger, replacement.Build(), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Job {Job} now runs every {Interval} (was {Previous})", schedule.Job.Name, schedule.Interval, stored.RepeatInterval);
            }
        }
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

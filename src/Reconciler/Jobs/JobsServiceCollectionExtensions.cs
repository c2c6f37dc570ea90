using Quartz;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// The recurring jobs on Quartz with its clustered PostgreSQL store (tables from migration 0003):
/// however many Reconciler processes run, each firing runs on exactly one of them.
/// </summary>
internal static class JobsServiceCollectionExtensions
{
    public const string TablePrefix = "qrtz_";

    public static IServiceCollection AddReconcilerJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton<HoldExpirySweeper>();
        services.AddSingleton<EventPresenceChecker>();

        var jobs = configuration.GetSection($"{ReconcilerOptions.Section}:Jobs").Get<JobOptions>() ?? new JobOptions();
        if (!jobs.Enabled)
        {
            return services;
        }

        var schedules = new RecurringSchedules();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = jobs.SchedulerName;
                if (!string.IsNullOrWhiteSpace(jobs.InstanceId))
                {
                    scheduler.InstanceId = jobs.InstanceId;
                }
            });
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds * 3);
                });
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = TablePrefix;
                    // The schema is ours (a migration), never Quartz's to create or change.
                    options.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
            quartz.AddJobListener<JobExecutionRecorder>();

            Every<ExpireHoldsJob>(quartz, schedules.Add(ExpireHoldsJob.Key, jobs.ExpirySweepSeconds));
            Every<ReconcileJob>(quartz, schedules.Add(ReconcileJob.Key, jobs.ReconcileSeconds));
            Every<LoadEventsJob>(quartz, schedules.Add(LoadEventsJob.Key, jobs.LoadEventsSeconds));
        });
        // Every process declares the same triggers on start, but only the first stores them: a
        // process that replaced a stored trigger could do so while another process had already
        // acquired its next firing, and that firing would then run twice. A changed interval is
        // applied by JobSchedulerHostedService instead.
        services.Configure<QuartzOptions>(options =>
        {
            options.Scheduling.IgnoreDuplicates = true;
            options.Scheduling.OverwriteExistingData = false;
        });
        services.AddSingleton(schedules);
        services.AddHostedService<JobSchedulerHostedService>();
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, RecurringSchedule schedule)
        where TJob : class, IJob =>
        quartz.ScheduleJob<TJob>(trigger => schedule.Configure(trigger).StartNow(), job => job.WithIdentity(schedule.Job));
}

/// <summary>The recurring jobs and the intervals the options give them.</summary>
internal sealed class RecurringSchedules : List<RecurringSchedule>
{
    public RecurringSchedule Add(JobKey job, int seconds)
    {
        var schedule = new RecurringSchedule(job, TimeSpan.FromSeconds(seconds));
        Add(schedule);
        return schedule;
    }
}

/// <summary>One job firing every <paramref name="Interval"/>; its trigger shares the job's name.</summary>
internal sealed record RecurringSchedule(JobKey Job, TimeSpan Interval)
{
    public TriggerKey Trigger => new(Job.Name, Job.Group);

    public ITriggerConfigurator<TJob> Configure<TJob>(ITriggerConfigurator<TJob> trigger)
        where TJob : IJob => trigger
        .WithIdentity(Trigger)
        .ForJob(Job)
        // After downtime, fire once and carry on; never replay every missed firing.
        .WithSimpleSchedule(schedule => schedule
            .WithInterval(Interval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
}

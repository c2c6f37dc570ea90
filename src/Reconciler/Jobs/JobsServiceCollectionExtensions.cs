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

            Every<ExpireHoldsJob>(quartz, ExpireHoldsJob.Key, jobs.ExpirySweepSeconds);
            Every<ReconcileJob>(quartz, ReconcileJob.Key, jobs.ReconcileSeconds);
            Every<LoadEventsJob>(quartz, LoadEventsJob.Key, jobs.LoadEventsSeconds);
        });
        // Every process declares the same triggers on start. Replacing keeps changed schedules in
        // effect; carrying the replaced trigger's history over keeps a restart (or a second
        // process starting) from firing every job again at once.
        services.Configure<QuartzOptions>(options => options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        services.AddHostedService<JobSchedulerHostedService>();
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, JobKey key, int seconds)
        where TJob : class, IJob =>
        quartz.ScheduleJob<TJob>(
            trigger => trigger
                .WithIdentity(key.Name, key.Group)
                .StartNow()
                // After downtime, fire once and carry on; never replay every missed firing.
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(TimeSpan.FromSeconds(seconds))
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            job => job.WithIdentity(key));
}

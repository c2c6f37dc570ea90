using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Persistence.Ops;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// The jobs on Hangfire with its PostgreSQL storage (schema <c>hangfire</c> in our database, through
/// our one data source). However many processes run, each recurring firing is enqueued once (the
/// scheduler's lock) and each job is fetched by one worker (the queue's row lock).
/// </summary>
internal static class JobsServiceCollectionExtensions
{
    public const string SchemaName = "hangfire";

    public static IServiceCollection AddReconcilerJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HoldExpirySweeper>();
        services.AddSingleton<EventPresenceChecker>();
        services.AddSingleton<OpsRetention>();
        services.AddSingleton<JobRunLog>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<RetentionPurge>();
        services.AddTransient<ExpireHoldsJob>();
        services.AddTransient<ReconcileJob>();
        services.AddTransient<LoadEventsJob>();
        services.AddTransient<RetentionPurgeJob>();
        services.AddSingleton<Events.SaleOpener>();
        services.AddTransient<OpenSalesJob>();
        services.AddSingleton<OnDemandReconciliation>();

        // Storage, activator and filters belong to this service provider, not to Hangfire's static
        // defaults, so several hosts in one process (the tests) each keep their own database.
        services.AddSingleton<JobStorage>(provider => new PostgreSqlStorage(
            new DataSourceConnectionFactory(provider.GetRequiredService<NpgsqlDataSource>()),
            StorageOptions(provider.GetRequiredService<IOptions<ReconcilerOptions>>().Value.Jobs)));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new JobFilterCollection { new JobRunRecorder(
                provider.GetRequiredService<JobRunLog>(), provider.GetRequiredService<JobMetrics>(), ServerName(provider), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<JobRunRecorder>>()) }));
        services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(new AspNetCoreLogProvider(provider.GetRequiredService<ILoggerFactory>()))));
        services.AddHangfireServer((provider, server) =>
        {
            server.ServerName = ServerName(provider);
            server.WorkerCount = provider.GetRequiredService<IOptions<ReconcilerOptions>>().Value.Jobs.WorkerCount;
            // Seconds-cron schedules (the sweep) fire on time only when the scheduler looks every second.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            // Refund jobs move money: only a process with a payment gateway takes them.
            if (provider.GetService<Refunds.IOrderRefunds>() is not null)
            {
                server.Queues = [Refunds.RefundEventOrdersJob.Queue, EnqueuedState.DefaultQueue];
            }
        });

        if (configuration.GetValue($"{ReconcilerOptions.Section}:Jobs:Enabled", defaultValue: true))
        {
            services.AddHostedService<RecurringJobsHostedService>();
        }

        return services;
    }

    private static PostgreSqlStorageOptions StorageOptions(JobOptions jobs) => new()
    {
        SchemaName = SchemaName,
        // Enqueued jobs are announced with NOTIFY, so an idle worker starts one at once instead of at its next poll.
        EnableLongPolling = true,
        // The fallback when a notification is missed (one sent before the worker listened): bounds a job's wait to a second.
        QueuePollInterval = TimeSpan.FromSeconds(1),
        // A job whose process died is offered again after this long; the sliding timeout keeps a long job of a live process its own.
        InvisibilityTimeout = TimeSpan.FromSeconds(jobs.AbandonedJobSeconds),
        UseSlidingInvisibilityTimeout = true,
        // A lock whose release never reached PostgreSQL (it died meanwhile) stops blocking jobs after this long.
        DistributedLockTimeout = TimeSpan.FromSeconds(jobs.LockTimeoutSeconds),
        PrepareSchemaIfNecessary = true,
    };

    private static string ServerName(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<ReconcilerOptions>>().Value.Jobs.ServerName is { Length: > 0 } name ? name : Environment.MachineName;

    /// <summary>Hangfire's connections come from the process's one <see cref="NpgsqlDataSource"/> (and its pool).</summary>
    private sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}

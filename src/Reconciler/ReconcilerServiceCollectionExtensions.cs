using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ticketing.Persistence;
using Ticketing.Reconciler.Drift;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.Scripts;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Reconciler;

/// <summary>Registers what reconciles and schedules (the outbox writer, the jobs, drift repair): hosted in the Api or in the worker.</summary>
public static class ReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// The single entry point: PostgreSQL access (<c>AddPersistence</c>), the outbox writer, the
    /// job server and the recurring jobs. <c>Reconciler:Outbox:Enabled</c> and <c>Reconciler:Jobs:Enabled</c>
    /// turn the writer and the recurring schedules off (tests); queries and on-demand jobs stay available.
    /// </summary>
    public static IServiceCollection AddReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcilerOptions>()
            .Bind(configuration.GetSection(ReconcilerOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReconcilerOptions>, ReconcilerOptionsValidator>();

        // The Reconciler drives the engine (loads, sweeps, repairs); registering it here is a no-op when the host already has.
        services.AddInventoryEngine(configuration);
        services.AddPersistence(configuration);
        services.AddSingleton<IEventLoader, EventLoader>();

        services.AddMetrics();
        services.AddSingleton<ReconcilerMetrics>();
        services.AddSingleton<IOpsQueries, OpsQueries>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOrderOutbox(configuration);
        services.AddSingleton<OrderBatchWriter>();
        services.AddSingleton<IOutboxKindWriter, CheckInWriter>();
        services.AddSingleton<IOutboxKindWriter, CancellationWriter>();
        // Built on first use only: a process without a payment gateway (no IOrderRefunds) never takes refund jobs.
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<Refunds.EventOrderRefunder>(provider));
        services.AddSingleton<Refunds.EventCancellationRefunds>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<OutboxWakeups>();
        if (configuration.GetValue($"{ReconcilerOptions.Section}:Outbox:Enabled", defaultValue: true))
        {
            services.AddHostedService<OutboxWriterService>();
        }

        services.AddSingleton<ReconciliationLog>();
        services.AddSingleton<EventReconciler>();
        services.AddSingleton<IReconciliationRunner, ReconciliationRunner>();
        services.AddWaitingRoom(configuration);
        services.AddSingleton<ISaleLatencySource, SaleLatencyMonitor>();
        services.AddSingleton<IRedisScriptClock, RedisScriptClock>();
        services.AddSingleton(provider =>
        {
            var loop = ActivatorUtilities.CreateInstance<AdmissionLoop>(provider);
            AdmissionMetrics.Observe(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), loop);
            return loop;
        });
        services.AddTransient<AdmitFansJob>();
        services.AddReconcilerJobs(configuration);
        return services;
    }

    /// <summary>Fails the start naming the exact setting at fault.</summary>
    private sealed class ReconcilerOptionsValidator : IValidateOptions<ReconcilerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReconcilerOptions options) =>
            options.IsValid(out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem!);
    }
}

using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;

namespace Ticketing.Api.Observability;

/// <summary>
/// OpenTelemetry metrics and traces: our meters (Api, Reconciler), ASP.NET Core's and Npgsql's,
/// scraped at <c>/metrics</c> in the Prometheus text format; spans of HTTP requests, engine calls
/// and PostgreSQL commands. Exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (the standard variable; its siblings such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> apply too).
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "ticketing-api";
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// ASP.NET Core's meters worth their cost: requests per route and status (hosting) and
    /// connections (Kestrel, recorded per connection). The routing, authentication, authorization
    /// and rate-limiting meters each record on every request: together 2–3 µs of CPU per request,
    /// about a tenth of a ping (docs/BENCHMARKS.md, "Api stack"), for outcomes the hosting
    /// histogram already shows per route and status (401, 403, 429).
    /// </summary>
    private static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Request latency buckets in seconds: finer than the defaults below 5 ms, where holds land.</summary>
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static WebApplicationBuilder AddApiTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher, HealthMetricsPublisher>();
        builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(options =>
        {
            // The probes' gauges are fresh a moment after start and then every ten seconds.
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = TimeSpan.FromSeconds(10);
        });

        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(ApiMetrics.MeterName, ReconcilerMetrics.MeterName)
                .AddMeter(AspNetCoreMeters)
                .AddNpgsqlInstrumentation()
                .OnlyOwnInstruments()
                .AddPrometheusExporter(prometheus =>
                {
                    // Plain metric names and labels: dashboards and alerts query them by these.
                    prometheus.ScopeInfoEnabled = false;
                    prometheus.TargetInfoEnabled = false;
                }))
            .WithTracing(tracing => tracing
                // With nowhere to send spans, requests still get trace ids (for logs, problems and
                // incoming traceparent headers) but no span is recorded: that costs a request nothing.
                .SetSampler(exporting ? new ParentBasedSampler(new AlwaysOnSampler()) : new AlwaysOffSampler())
                .AddSource(EngineTracing.SourceName, PersistTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsScrapeOrProbe(context.Request.Path))
                .AddNpgsql());

        if (exporting)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath)
            .WithName("Metrics")
            .DisableRateLimiting()
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// Streams for this host's instruments only. A meter provider subscribes to meters by name, so with
    /// several hosts in one process (the test suites run dozens) it would also take every other host's
    /// instruments of the same names, past the provider's limit of streams, after which it drops the
    /// newest, its own host's among them. Meters made by another host's <see cref="IMeterFactory"/>
    /// are dropped; process-wide meters (no factory, such as Npgsql's) are kept.
    /// </summary>
    private static MeterProviderBuilder OnlyOwnInstruments(this MeterProviderBuilder metrics) =>
        ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) => builder.AddView(OwnInstruments(services.GetRequiredService<IMeterFactory>())));

    private static Func<Instrument, MetricStreamConfiguration?> OwnInstruments(IMeterFactory own) => instrument =>
        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop
        : instrument.Name == "http.server.request.duration" ? new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets }
        : null;

    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);
}

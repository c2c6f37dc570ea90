using Serilog;

namespace Ticketing.Api.Observability;

/// <summary>Serilog JSON logs, the Api's meters and the <c>/metrics</c> scrape endpoint.</summary>
public static class ObservabilitySetup
{
    /// <summary>
    /// One flat JSON object per line on stdout (<see cref="JsonLineFormatter"/>), levels and
    /// overrides from the <c>Serilog</c> section. Lines are formatted and written in batches by a
    /// background writer (<see cref="StdoutLogSink"/>), so a request never waits on stdout.
    /// Disposing the logger at shutdown writes the rest.
    /// </summary>
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new StdoutLogSink(new JsonLineFormatter()))
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    public static IServiceCollection AddApiMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<OutcomeFilter>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (PrometheusExporter exporter) =>
                TypedResults.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("Metrics")
            .DisableRateLimiting()
            .WithTags("Operations")
            .WithSummary("Prometheus metrics: requests per route and status, holds, commits, conflicts, expiries, payments")
            .ExcludeFromDescription();
        return endpoints;
    }
}

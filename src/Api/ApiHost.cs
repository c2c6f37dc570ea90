using Ticketing.Api.Auth;
using Ticketing.Api.Features.Admin;
using Ticketing.Api.Features.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Features.Health;
using Ticketing.Api.Features.Orders;
using Ticketing.Api.Features.Pages;
using Ticketing.Api.Features.Reservations;
using Ticketing.Api.Observability;
using Ticketing.Api.OpenApi;
using Ticketing.Api.Payments;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;
using Ticketing.Reconciler;
using Ticketing.Reconciler.Dashboard;
using Ticketing.Scripts;

namespace Ticketing.Api;

/// <summary>
/// Builds the Api process. Tests call <see cref="Build"/> with their own configuration and serve it
/// on Kestrel on a loopback port, so they exercise the same pipeline as production.
/// </summary>
public static class ApiHost
{
    /// <summary>Largest request body accepted; the biggest legitimate body (an event layout) is far below it.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddApiLogging();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddApiConventions();
        builder.Services.AddApiAuth();
        builder.Services.AddApiRateLimits();
        builder.Services.AddApiMetrics();
        builder.Services.AddApiDocument();
        builder.Services.AddInventoryEngine(builder.Configuration);
        builder.Services.AddReconciler(builder.Configuration);
        builder.Services.AddPayments();
        builder.Services.AddSingleton<EventReader>();
        builder.Services.AddOptions<SeatMapOptions>().BindConfiguration(SeatMapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SeatMapCache>();
        builder.Services.AddHostedService<DemoEventSeeder>();
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag]);

        var app = builder.Build();
        // Start listening for measurements before the first request, not at the first scrape.
        app.Services.GetRequiredService<PrometheusExporter>();

        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Pages and their assets live outside /api: API requests skip the file-system lookups.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), pages =>
        {
            pages.UseDefaultFiles();
            pages.UseStaticFiles();
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthEndpoints();
        app.MapPing();
        app.MapMetrics();
        app.MapApiDocument();
        app.MapAuthApi();
        app.MapEventsApi();
        app.MapReservationsApi();
        app.MapOrdersApi();
        app.MapAdminApi();
        app.MapPages();
        app.MapJobsDashboard(ApiClaims.AdminPolicy);

        return app;
    }
}

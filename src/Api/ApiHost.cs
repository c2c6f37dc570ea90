using FastEndpoints;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Features.Health;
using Ticketing.Api.Features.SeatFeeds;
using Ticketing.Api.Features.Pages;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Api.Observability;
using Ticketing.Api.OpenApi;
using Ticketing.Api.Payments;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;
using Ticketing.Api.Security;
using Ticketing.Api.Tickets;
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

    /// <param name="args">Command line: settings as <c>--Section:Key=value</c>.</param>
    /// <param name="replaceServices">Registrations made after the Api's own (a test's clock, say); they win.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddApiLogging();
        builder.AddApiTelemetry();
        builder.WebHost.ConfigureKestrel((context, kestrel) => ServerLimits.Apply(kestrel, context.Configuration, MaxRequestBodyBytes));

        builder.Services.AddApiServices(builder.Configuration);
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseFrameworkRouteBlock();
        app.UseApiRequestLogging();
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
        app.UseBodyFormatGuard();
        app.UseSeatFeedSockets();

        app.MapHealthEndpoints();
        app.MapMetrics();
        app.MapPages();
        app.MapJobsDashboard(ApiClaims.AdminPolicy);
        app.UseApiEndpoints();
        app.UseApiDocument();
        return app;
    }

    private static IServiceCollection AddApiServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiConventions();
        services.AddApiAuth();
        services.AddApiRateLimits();
        services.AddFastEndpoints();
        services.AddApiDocument(configuration);
        services.AddInventoryEngine(configuration);
        services.AddReconciler(configuration);
        services.AddPayments();
        services.AddTickets();
        services.AddWaitingRoomFeature(configuration);
        services.AddSingleton<EventReader>();
        services.AddSingleton<SeatViewCache>();
        services.AddSingleton<SeatViews>();
        services.AddSeatFeeds();
        services.AddHostedService<DemoEventSeeder>();
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>
    /// Every <c>/api/v1</c> route is a FastEndpoints endpoint (Features/*): snake_case JSON, names
    /// and operation ids from the class names, validation failures in the contract's problem shape.
    /// </summary>
    private static WebApplication UseApiEndpoints(this WebApplication app)
    {
        app.UseFastEndpoints(config =>
        {
            config.Endpoints.ShortNames = true;
            config.Endpoints.Configurator = endpoint =>
            {
                endpoint.PostProcessor<OutcomeRecorder>(Order.After);
                OpenApiSetup.DescribeCommonProblems(endpoint);
            };
            ProblemsSetup.Configure(config.Serializer.Options);
            config.Serializer.SerializerErrorsField = ValidationProblems.BodyField;
            config.Binding.JsonExceptionTransformer = ValidationProblems.DescribeJsonError;
            config.Errors.GeneralErrorsField = ValidationProblems.RequestField;
            config.Errors.ContentType = "application/problem+json";
            config.Errors.ProducesMetadataType = typeof(Microsoft.AspNetCore.Mvc.ProblemDetails);
            config.Errors.ResponseBuilder = ValidationProblems.Build;
        });
        return app;
    }
}

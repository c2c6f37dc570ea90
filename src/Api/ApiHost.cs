using Ticketing.Api.Features.Health;
using Ticketing.Reconciler;
using Ticketing.Scripts;

namespace Ticketing.Api;

/// <summary>
/// Builds the Api process. Tests call <see cref="Build"/> with their own configuration and serve it
/// on Kestrel on a loopback port, so they exercise the same pipeline as production.
/// </summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddProblemDetails();
        builder.Services.AddInventoryRedis(builder.Configuration);
        builder.Services.AddReconciler(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag]);

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();

        return app;
    }
}

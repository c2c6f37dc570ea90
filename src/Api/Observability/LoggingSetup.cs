using System.Diagnostics;
using System.Security.Claims;
using Serilog;
using Serilog.Events;
using Ticketing.Api.Auth;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Observability;

/// <summary>
/// Serilog, configured from the <c>Serilog</c> section of appsettings (levels, overrides, sinks:
/// compact JSON on stdout behind an async buffer), and one log line per request.
/// </summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder)
    {
        // Each app keeps its own logger rather than replacing Serilog's static one: tests run
        // several Apis in one process, and each must log through its own configuration.
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext(),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One line per request when it ends: route, status, outcome, user, event, duration and trace
    /// id. Never headers, query strings or bodies, so neither tokens nor payment data reach the log.
    /// A successful answer of a route marked <see cref="QuietRequestLog"/> is logged at Debug.
    /// </summary>
    public static WebApplication UseApiRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "{RequestMethod} {Route} answered {StatusCode} {Outcome} in {Elapsed:0.0} ms for {UserId} on {EventId} (trace {TraceId})";
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = LevelOf;
            options.EnrichDiagnosticContext = Enrich;
        });
        return app;
    }

    /// <summary>Serilog's own choice (Error for an exception or a 5xx, else Information), and Debug for a quiet route's success.</summary>
    private static LogEventLevel LevelOf(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        var status = context.Response.StatusCode;
        if (exception is not null || status >= 500)
        {
            return LogEventLevel.Error;
        }

        return status < 400 && context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLog>() is not null
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }

    private static void Enrich(IDiagnosticContext log, HttpContext context)
    {
        // The route template beside the path: one value per route to group lines by.
        log.Set("Route", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value);
        log.Set("Outcome", RequestOutcome.Of(context));
        log.Set("UserId", context.User.FindFirstValue(ApiClaims.Subject));
        log.Set("EventId", EventIdOf(context));
        log.Set("TraceId", Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
    }

    private static string? EventIdOf(HttpContext context)
    {
        if (context.GetRouteValue("eventId") is string eventId)
        {
            return eventId;
        }

        return context.GetRouteValue("id") is string id
            && (EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out var fromId) || EntityIds.TryGetEventId(id, EntityIds.OrderPrefix, out fromId))
            ? fromId
            : null;
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Ticketing.Api.Observability;

/// <summary>
/// One span around each call into the inventory engine (a Lua script run in Redis), tagged with
/// the script, the event and what the script answered, so a slow or refused request shows which
/// script it waited on. Spans are only made while a listener (OpenTelemetry) samples the trace.
/// </summary>
public static class EngineTracing
{
    public const string SourceName = "Ticketing.Api.Engine";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one engine call; dispose it when the call returns.</summary>
    public static Activity? Start(string script, string? eventId)
    {
        var span = Source.StartActivity("engine " + script, ActivityKind.Client);
        // A span that only carries the trace id (nothing samples it) is not worth its tags.
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("ticketing.script", script);
            span.SetTag("ticketing.event_id", eventId);
        }

        return span;
    }

    /// <summary>Tags the span with the outcome (<c>Held</c> → <c>held</c>) and passes the outcome on.</summary>
    public static T Answered<T>(this Activity? span, T outcome)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("ticketing.outcome", outcome is null ? "not_found" : JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.GetType().Name));
        }

        return outcome;
    }
}

using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace Ticketing.Api.Observability;

/// <summary>
/// One flat JSON object per event: <c>time</c>, <c>level</c>, <c>message</c> (rendered),
/// <c>exception</c> when there is one, then every property at the top level. Serilog's own
/// <see cref="JsonFormatter"/> also writes the template, a nested property object and the
/// renderings: about three times the bytes, and a visible share of a request's CPU when every
/// request logs a line.
/// </summary>
public sealed class JsonLineFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter Values = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        output.Write("{\"time\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        output.Write("\",\"level\":\"");
        output.Write(logEvent.Level.ToString());
        output.Write("\",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.RenderMessage(), output);
        if (logEvent.Exception is not null)
        {
            output.Write(",\"exception\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name, output);
            output.Write(':');
            Values.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }
}

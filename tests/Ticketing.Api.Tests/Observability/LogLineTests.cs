using System.Text;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Tests.Observability;

/// <summary>Log lines are flat JSON objects, written in order, and a stalled stdout never blocks the caller.</summary>
public sealed class LogLineTests
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("{Method} {Route} answered {Status}");

    [Fact]
    public void ALineIsOneFlatJsonObjectWithTheRenderedMessageAndEveryProperty()
    {
        var output = new StringWriter();

        new JsonLineFormatter().Format(Request(7, new InvalidOperationException("boom")), output);

        var text = output.ToString();
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var line = JsonDocument.Parse(text);
        var root = line.RootElement;
        Assert.Equal("Information", root.GetProperty("level").GetString());
        Assert.Equal("\"POST\" \"/api/v1/events/{eventId}/reservations\" answered 7", root.GetProperty("message").GetString());
        Assert.Equal(7, root.GetProperty("Status").GetInt32());
        Assert.Equal("POST", root.GetProperty("Method").GetString());
        Assert.Contains("boom", root.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), out _));
    }

    [Fact]
    public void EveryEventIsWrittenInOrder()
    {
        var output = new StringWriter();
        var sink = new StdoutLogSink(new JsonLineFormatter(), output);
        foreach (var status in Enumerable.Range(1, 500))
        {
            sink.Emit(Request(status));
        }

        // Disposing waits for the queue to be written.
        sink.Dispose();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 500), lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Status").GetInt32()));
    }

    [Fact]
    public void AStalledStdoutDropsWhatDoesNotFitAndSaysSoInsteadOfBlocking()
    {
        using var release = new ManualResetEventSlim();
        var output = new StalledWriter(release);
        var emitted = StdoutLogSink.Capacity + 50;
        var sink = new StdoutLogSink(new JsonLineFormatter(), output);

        // Returns at once although nothing can be written yet.
        foreach (var status in Enumerable.Range(1, emitted))
        {
            sink.Emit(Request(status));
        }

        release.Set();
        sink.Dispose();

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var warning = Assert.Single(lines, line => line.Contains("log lines dropped", StringComparison.Ordinal));
        var dropped = int.Parse(JsonDocument.Parse(warning).RootElement.GetProperty("message").GetString()!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(dropped, 49, 50);
        Assert.Equal(emitted, lines.Length - 1 + dropped);
    }

    private static LogEvent Request(int status, Exception? exception = null) => new(
        DateTimeOffset.UtcNow, LogEventLevel.Information, exception, Template,
        [
            new LogEventProperty("Method", new ScalarValue("POST")),
            new LogEventProperty("Route", new ScalarValue("/api/v1/events/{eventId}/reservations")),
            new LogEventProperty("Status", new ScalarValue(status)),
        ]);

    /// <summary>Blocks the first write until released, as a stdout nobody reads does.</summary>
    private sealed class StalledWriter(ManualResetEventSlim release) : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            release.Wait();
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            release.Wait();
            lock (_text)
            {
                _text.Append(value);
            }
        }
    }
}

using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Ticketing.Api.Observability;

/// <summary>
/// Writes log events to stdout from one background task, in batches: whatever queued up while the
/// last batch was written goes out with a single flush. Requests only enqueue. The queue holds
/// <see cref="Capacity"/> events; when stdout cannot keep up, newer events are dropped rather than
/// requests slowed, and the count of dropped events is written once the queue drains.
/// (A generic background sink blocks on a collection whose wait spins before it sleeps: at a few
/// thousand lines a second that spinning cost more CPU than formatting the lines.)
/// </summary>
public sealed class StdoutLogSink : ILogEventSink, IDisposable
{
    public const int Capacity = 10_000;

    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly Task _writer;
    private long _dropped;

    public StdoutLogSink(ITextFormatter formatter)
        : this(formatter, new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false })
    {
    }

    /// <summary>For tests: any writer stands in for stdout.</summary>
    internal StdoutLogSink(ITextFormatter formatter, TextWriter output)
    {
        _formatter = formatter;
        _output = output;
        _writer = Task.Run(WriteAllAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        // TryWrite never waits: on a full queue it refuses, and the event is counted as dropped.
        if (!_queue.Writer.TryWrite(logEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Stops taking events and waits for the queued ones to be written.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
        _output.Dispose();
    }

    private async Task WriteAllAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var logEvent))
            {
                _formatter.Format(logEvent, _output);
            }

            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                _output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"time\":\"{DateTime.UtcNow:O}\",\"level\":\"Warning\",\"message\":\"{dropped} log lines dropped: stdout could not keep up\"}}\n"));
            }

            _output.Flush();
        }
    }
}

using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Ticketing.Api.Observability;

/// <summary>
/// Writes log events to stdout a batch at a time: every event of a batch is formatted into one
/// buffer, which goes out in one write and one flush. Serilog's console sink flushes each line, a
/// write system call per request at thousands of requests a second; here the batching sink's
/// worker collects the lines and the request thread only queues its event.
/// </summary>
public sealed class StdoutBatchSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    /// <summary>Characters buffered before a write: a full batch of request lines (~600 characters each) leaves in two or three.</summary>
    private const int BufferChars = 256 * 1024;

    // The batching sink emits one batch at a time, so the writer is never used concurrently.
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars) { AutoFlush = false };

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _writer);
        }

        await _writer.FlushAsync().ConfigureAwait(false);
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => _writer.Dispose();
}

/// <summary>The <c>StdoutBatches</c> sink, for code and for the <c>Serilog:WriteTo</c> configuration section.</summary>
public static class StdoutBatchSinkExtensions
{
    /// <summary>
    /// Log events to stdout in batches of up to <paramref name="batchSizeLimit"/> events, written at
    /// least every <paramref name="flushInterval"/> (default 100 ms; the first event after a quiet
    /// spell is written at once). At most <paramref name="queueLimit"/> events wait; beyond that,
    /// events are dropped rather than slowing requests down.
    /// </summary>
    public static LoggerConfiguration StdoutBatches(
        this LoggerSinkConfiguration writeTo,
        ITextFormatter formatter,
        TimeSpan? flushInterval = null,
        int batchSizeLimit = 1000,
        int queueLimit = 100_000,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum)
    {
        ArgumentNullException.ThrowIfNull(writeTo);
        var options = new BatchingOptions
        {
            BatchSizeLimit = batchSizeLimit,
            BufferingTimeLimit = flushInterval ?? TimeSpan.FromMilliseconds(100),
            QueueLimit = queueLimit,
            EagerlyEmitFirstEvent = true,
        };
        return writeTo.Sink(new StdoutBatchSink(formatter, Console.OpenStandardOutput()), options, restrictedToMinimumLevel);
    }
}

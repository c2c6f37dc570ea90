// Compiled into the feed bench (load/FeedBench) and the Api tests (tests/Ticketing.Api.Tests) as
// linked source: one SSE reader for both, with no test library in the bench and no bench in the tests.
using System.Buffers.Text;

namespace Ticketing.FeedReading;

/// <summary>One SSE event as it arrived: its name (empty when none was given), its id (-1 when none or not a number) and its data.</summary>
internal readonly ref struct SseEvent(ReadOnlySpan<byte> name, long id, ReadOnlySpan<byte> data)
{
    public ReadOnlySpan<byte> Name { get; } = name;

    public long Id { get; } = id;

    /// <summary>The data lines joined by <c>\n</c>, as EventSource joins them; UTF-8 JSON for the seat feeds.</summary>
    public ReadOnlySpan<byte> Data { get; } = data;

    public bool Is(ReadOnlySpan<byte> name) => Name.SequenceEqual(name);
}

internal delegate void SseEventHandler(SseEvent sseEvent);

/// <summary>
/// Reads Server-Sent Events from a stream by scanning bytes: no string per line and no JSON
/// parsing, so a thousand readers in one process cost little beside the server they measure.
/// Events are handed over in arrival order; comment lines (heartbeats) are counted.
/// </summary>
internal sealed class SseEventScanner(SseEventHandler onEvent)
{
    private byte[] _buffer = new byte[16 * 1024];
    private byte[] _joined = [];
    private int _start;
    private int _end;
    private int _comments;

    /// <summary>Comment lines read so far (the feeds' heartbeats).</summary>
    public int Comments => Volatile.Read(ref _comments);

    /// <summary>Reads until the stream ends or the token fires.</summary>
    public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end == _buffer.Length)
            {
                Compact();
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            _end += read;
            DispatchComplete();
        }
    }

    // Moves an unfinished event to the front, growing the buffer when it fills it (a 1 MB snapshot).
    private void Compact()
    {
        var pending = _end - _start;
        var target = pending * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, pending);
        _buffer = target;
        _start = 0;
        _end = pending;
    }

    private void DispatchComplete()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var blank = pending.IndexOf("\n\n"u8);
            if (blank < 0)
            {
                return;
            }

            Dispatch(pending[..(blank + 1)]);
            _start += blank + 2;
        }
    }

    // One event's lines, each ending in '\n'. The seat feeds send one data line per event; more are joined.
    private void Dispatch(ReadOnlySpan<byte> lines)
    {
        ReadOnlySpan<byte> name = default, data = default;
        long id = -1;
        var dataLines = 0;
        var joinedLength = 0;
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf((byte)'\n');
            var line = lines[..end];
            lines = lines[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == ':')
            {
                Interlocked.Increment(ref _comments);
            }
            else if (line.StartsWith("event: "u8))
            {
                name = line[7..];
            }
            else if (line.StartsWith("id: "u8))
            {
                id = Utf8Parser.TryParse(line[4..], out long parsed, out var used) && used == line.Length - 4 ? parsed : -1;
            }
            else if (line.StartsWith("data: "u8))
            {
                var value = line[6..];
                if (++dataLines == 1)
                {
                    data = value;
                }
                else
                {
                    joinedLength = Join(data, joinedLength, value);
                    data = _joined.AsSpan(0, joinedLength);
                }
            }
        }

        // EventSource dispatches nothing for a block without data (the retry line, a heartbeat).
        if (dataLines > 0)
        {
            onEvent(new SseEvent(name, id, data));
        }
    }

    private int Join(ReadOnlySpan<byte> sofar, int sofarLength, ReadOnlySpan<byte> next)
    {
        var length = sofar.Length + 1 + next.Length;
        if (_joined.Length < length)
        {
            var grown = new byte[Math.Max(length, _joined.Length * 2)];
            sofar.CopyTo(grown);
            _joined = grown;
        }
        else if (sofarLength == 0)
        {
            sofar.CopyTo(_joined);
        }

        _joined[sofar.Length] = (byte)'\n';
        next.CopyTo(_joined.AsSpan(sofar.Length + 1));
        return length;
    }
}

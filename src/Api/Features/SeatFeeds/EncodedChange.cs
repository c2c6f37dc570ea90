using System.Globalization;
using System.Text;
using Ticketing.Scripts.Feeds;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// One change message with the bytes each transport sends for it, encoded on first use and then
/// shared by every connection: fan-out to N watchers costs one encoding per message and N copies,
/// not N encodings.
/// </summary>
internal sealed class EncodedChange(SeatChangeMessage message)
{
    private static readonly byte[] FrameHead = Encoding.UTF8.GetBytes("{\"type\":\"seats\",");

    private byte[]? _sseEvent;
    private byte[]? _frame;

    public long Version => message.Version;

    /// <summary>The whole SSE event: <c>event: seats</c>, <c>id: N</c>, one <c>data:</c> line and the blank line.</summary>
    // Two connections encoding at once build equal arrays; either may be kept.
    public byte[] SseEvent => _sseEvent ??= EncodeSseEvent(message);

    /// <summary>The WebSocket text frame's payload: <c>{"type":"seats",</c> in front of the message's first member.</summary>
    public byte[] Frame => _frame ??= EncodeFrame(message);

    // JSON written by the scripts holds no raw newline, so one data line carries it.
    private static byte[] EncodeSseEvent(SeatChangeMessage message) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"event: seats\nid: {message.Version}\ndata: {message.Json}\n\n"));

    private static byte[] EncodeFrame(SeatChangeMessage message)
    {
        var json = message.Json.AsSpan(1);
        var frame = new byte[FrameHead.Length + Encoding.UTF8.GetByteCount(json)];
        FrameHead.CopyTo(frame, 0);
        Encoding.UTF8.GetBytes(json, frame.AsSpan(FrameHead.Length));
        return frame;
    }
}

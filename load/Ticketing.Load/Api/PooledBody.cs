using System.Buffers;

namespace Ticketing.Load.Api;

/// <summary>
/// An answer's body in a buffer rented from the shared pool. A 20,000-seat seat map is over a
/// megabyte: read dozens of times a second into fresh arrays, it would keep the garbage collector
/// busy on cores the service under test needs. Dispose returns the buffer.
/// </summary>
internal readonly struct PooledBody(byte[] buffer, int length) : IDisposable
{
    public int Length => length;

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public static async Task<PooledBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // One byte over the announced length lets the read that finds the end fit without growing.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min((content.Headers.ContentLength ?? 4_096) + 1, Array.MaxLength));
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}

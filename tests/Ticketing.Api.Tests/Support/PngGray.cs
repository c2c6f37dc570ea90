using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Ticketing.Api.Tests.Support;

/// <summary>
/// Reads a non-interlaced PNG into one gray byte per pixel, for handing to a barcode reader: enough of the format
/// for what image encoders write (grayscale or palette at 1 to 8 bits, RGB and RGBA at 8), with every row filter.
/// </summary>
public static class PngGray
{
    public static (byte[] Pixels, int Width, int Height) Decode(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        int width = 0, height = 0, bitDepth = 0, colorType = 0;
        byte[] palette = [];
        using var compressed = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    (bitDepth, colorType) = (data[8], data[9]);
                    Assert.Equal(0, data[12]);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var channels = colorType switch { 0 or 3 => 1, 2 => 3, 6 => 4, _ => throw new NotSupportedException($"color type {colorType}") };
        var bitsPerPixel = channels * bitDepth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        var raw = inflated.ToArray();
        var previous = new byte[stride];
        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            Unfilter(raw[y * (stride + 1)], row, previous, bytesPerPixel);
            for (var x = 0; x < width; x++)
            {
                gray[y * width + x] = GrayAt(row, x, bitDepth, colorType, palette);
            }

            previous = row;
        }

        return (gray, width, height);
    }

    private static void Unfilter(byte filter, byte[] row, byte[] previous, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            row[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new NotSupportedException($"filter {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte GrayAt(byte[] row, int x, int bitDepth, int colorType, byte[] palette)
    {
        if (colorType is 2 or 6)
        {
            var at = x * (colorType == 2 ? 3 : 4);
            return (byte)((row[at] + row[at + 1] + row[at + 2]) / 3);
        }

        var bit = x * bitDepth;
        var value = (row[bit / 8] >> (8 - bitDepth - bit % 8)) & ((1 << bitDepth) - 1);
        if (colorType == 3)
        {
            return (byte)((palette[value * 3] + palette[value * 3 + 1] + palette[value * 3 + 2]) / 3);
        }

        return (byte)(value * 255 / ((1 << bitDepth) - 1));
    }
}

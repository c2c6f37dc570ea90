using QRCoder;

namespace Ticketing.Api.Tickets;

/// <summary>Renders a ticket payload as a PNG QR code.</summary>
public static class TicketQrCodes
{
    /// <summary>
    /// Pixels per QR module: a ~300-character payload needs about 60 modules a side, so the image is about
    /// 500 pixels wide with its quiet zone, sharp on a phone screen held to a gate scanner.
    /// </summary>
    public const int PixelsPerModule = 8;

    /// <summary>
    /// Medium error correction (15%): room for scratches on a printed ticket and glare on a screen without
    /// growing the code much.
    /// </summary>
    public static byte[] Png(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }
}

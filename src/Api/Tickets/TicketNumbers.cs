namespace Ticketing.Api.Tickets;

/// <summary>
/// A ticket's human-readable number: its 12-character code (made at commit from 32 characters with no
/// look-alikes: no 0/O, 1/I/L) in three groups of four, e.g. <c>K7QM-2XHD-9PRW</c>, to read out at a help desk
/// or type at a gate whose scanner fails. 60 random bits, so two tickets of an event sharing one is
/// practically impossible; the signed QR payload, not the number, is what admits.
/// </summary>
public static class TicketNumbers
{
    public static string Of(string code) =>
        code.Length == 12 ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;
}

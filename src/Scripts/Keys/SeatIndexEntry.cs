using System.Globalization;
using StackExchange.Redis;

namespace Ticketing.Scripts.Keys;

/// <summary>
/// One value of an event's <see cref="EventKeys.SeatIndex"/> hash: <c>position|cents</c>, the
/// seat's byte in <see cref="EventKeys.Status"/> and its price in integer cents, kept together so
/// that a hold reads both at once. An event loaded before the hash held prices has the position
/// alone there, and its prices in <see cref="EventKeys.Prices"/>.
/// </summary>
internal readonly record struct SeatIndexEntry(int Position, long? Cents)
{
    public static SeatIndexEntry Parse(RedisValue value)
    {
        var text = ((string?)value).AsSpan();
        var bar = text.IndexOf('|');
        return bar < 0
            ? new SeatIndexEntry(int.Parse(text, CultureInfo.InvariantCulture), null)
            : new SeatIndexEntry(int.Parse(text[..bar], CultureInfo.InvariantCulture), long.Parse(text[(bar + 1)..], CultureInfo.InvariantCulture));
    }
}

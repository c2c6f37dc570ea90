namespace Ticketing.Scripts.Layout;

/// <summary>Prices travel to Lua as integer cents, so sums there are exact.</summary>
internal static class Money
{
    public static long ToCents(decimal price)
    {
        var cents = price * 100m;
        if (price < 0 || cents != decimal.Truncate(cents))
        {
            throw new ArgumentException($"price {price} is negative or has fractions of a cent", nameof(price));
        }

        return (long)cents;
    }
}

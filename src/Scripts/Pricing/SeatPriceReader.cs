using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Pricing;

/// <summary>
/// The seats whose price differs from their section's, as the hold scripts will charge them (the
/// prices in the event's seat index), for the views that show prices. Read only when a cached view was built
/// at an older prices version, so the whole hash is read rarely.
/// </summary>
internal sealed class SeatPriceReader(IConnectionMultiplexer redis, LayoutLoader layouts)
{
    public async Task<long?> GetVersionAsync(string eventId)
    {
        var values = await redis.GetDatabase().HashGetAsync(EventKeys.Meta(eventId), ["total", "prices_version"]).ConfigureAwait(false);
        // An event never repriced has no prices_version: its prices are the layout's (version 0).
        return values[0].IsNull ? null : values[1].IsNull ? 0 : (long)values[1];
    }

    public async Task<SeatPrices?> GetAsync(string eventId)
    {
        var layout = await layouts.FindAsync(eventId).ConfigureAwait(false);
        // The version is read before the prices: a reprice landing in between leaves a newer body
        // under an older version, which the next reader replaces, never the other way round.
        var version = await GetVersionAsync(eventId).ConfigureAwait(false);
        if (layout is null || version is null)
        {
            return null;
        }

        var overrides = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (version > 0)
        {
            foreach (var (seatId, cents) in await CentsAsync(eventId).ConfigureAwait(false))
            {
                var seat = layout.Seat(seatId);
                var price = cents / 100m;
                if (price != seat.Price)
                {
                    overrides[seat.Id] = price;
                }
            }
        }

        return new SeatPrices(version.Value, overrides);
    }

    /// <summary>Every seat's price in cents, where the hold scripts read it (see <see cref="SeatIndexEntry"/>).</summary>
    private async Task<IEnumerable<(string SeatId, long Cents)>> CentsAsync(string eventId)
    {
        var database = redis.GetDatabase();
        var index = await database.HashGetAllAsync(EventKeys.SeatIndex(eventId)).ConfigureAwait(false);
        if (index.Length > 0 && SeatIndexEntry.Parse(index[0].Value).Cents is not null)
        {
            return index.Select(entry => ((string)entry.Name!, SeatIndexEntry.Parse(entry.Value).Cents!.Value));
        }

        var prices = await database.HashGetAllAsync(EventKeys.Prices(eventId)).ConfigureAwait(false);
        return prices.Select(entry => ((string)entry.Name!, long.Parse((string)entry.Value!, CultureInfo.InvariantCulture)));
    }
}

/// <summary>
/// An event's seat prices at <paramref name="PricesVersion"/> (0 until its first reprice, then increasing, also across reloads of the event): the
/// seats priced apart from their section, each with its price; every other seat costs its section's price.
/// </summary>
public sealed record SeatPrices(long PricesVersion, IReadOnlyDictionary<string, decimal> Overrides)
{
    /// <summary>The price of a seat whose section costs <paramref name="sectionPrice"/>.</summary>
    public decimal PriceOf(string seatId, decimal sectionPrice) => Overrides.GetValueOrDefault(seatId, sectionPrice);
}

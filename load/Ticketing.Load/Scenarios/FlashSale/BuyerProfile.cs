namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>What a buyer does once it holds seats.</summary>
public enum PaymentPlan
{
    /// <summary>Commits with <c>tok_visa</c>.</summary>
    Pay,

    /// <summary>Commits with <c>tok_declined</c>, sees 402, and releases the hold.</summary>
    Decline,

    /// <summary>Walks away; the hold expires and the sweeper frees the seats.</summary>
    Abandon,
}

/// <summary>The shares of the flash-sale mix (the same knobs as load/k6/flash-sale.js).</summary>
public sealed record BuyerMix(int MaxSeats, double BestAvailableShare, double DeclineShare, double AbandonShare)
{
    public void Validate()
    {
        if (MaxSeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSeats), "MAX_SEATS must be at least 1");
        }

        if (BestAvailableShare is < 0 or > 1 || DeclineShare < 0 || AbandonShare < 0 || DeclineShare + AbandonShare > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DeclineShare), "shares are between 0 and 1, and DECLINE_SHARE + ABANDON_SHARE <= 1");
        }
    }
}

/// <summary>One buyer's choices, drawn up front: how many seats, how they pick them, how they pay.</summary>
public sealed record BuyerProfile(int Quantity, bool BestAvailable, PaymentPlan Payment)
{
    public static BuyerProfile Draw(Random random, BuyerMix mix)
    {
        var quantity = 1 + random.Next(mix.MaxSeats);
        var bestAvailable = random.NextDouble() < mix.BestAvailableShare;
        var roll = random.NextDouble();
        var payment = roll < mix.DeclineShare ? PaymentPlan.Decline
            : roll < mix.DeclineShare + mix.AbandonShare ? PaymentPlan.Abandon
            : PaymentPlan.Pay;
        return new BuyerProfile(quantity, bestAvailable, payment);
    }
}

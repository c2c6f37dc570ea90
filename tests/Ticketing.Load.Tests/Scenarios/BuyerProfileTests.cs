using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class BuyerProfileTests
{
    [Fact]
    public void TheMixFollowsTheConfiguredShares()
    {
        var mix = new BuyerMix(MaxSeats: 4, BestAvailableShare: 0.5, DeclineShare: 0.1, AbandonShare: 0.2);
        var random = new Random(42);
        var buyers = Enumerable.Range(0, 20_000).Select(_ => BuyerProfile.Draw(random, mix)).ToList();

        Assert.InRange(buyers.Count(buyer => buyer.Payment == PaymentPlan.Decline) / 20_000.0, 0.09, 0.11);
        Assert.InRange(buyers.Count(buyer => buyer.Payment == PaymentPlan.Abandon) / 20_000.0, 0.19, 0.21);
        Assert.InRange(buyers.Count(buyer => buyer.BestAvailable) / 20_000.0, 0.48, 0.52);
        Assert.Equal([1, 2, 3, 4], buyers.Select(buyer => buyer.Quantity).Distinct().Order());
    }

    [Theory]
    [InlineData(0, 0.5, 0.1, 0.1)]
    [InlineData(4, 1.5, 0.1, 0.1)]
    [InlineData(4, 0.5, 0.6, 0.5)]
    public void AnImpossibleMixIsRejected(int maxSeats, double bestAvailable, double decline, double abandon)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuyerMix(maxSeats, bestAvailable, decline, abandon).Validate());
    }
}

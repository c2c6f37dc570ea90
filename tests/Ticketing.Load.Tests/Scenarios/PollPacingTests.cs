using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class PollPacingTests
{
    [Fact]
    public void AFanWaitsAsLongAsTheAnswerSaysUnlessACapIsLower()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), PollPacing.Wait(7, null));
        Assert.Equal(TimeSpan.FromSeconds(7), PollPacing.Wait(7, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(2), PollPacing.Wait(7, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void AnAnswerWithoutADelayIsPolledNoSoonerThanTheServicesMinimum()
    {
        Assert.Equal(PollPacing.ServiceMinimum, PollPacing.Wait(null, null));
    }
}

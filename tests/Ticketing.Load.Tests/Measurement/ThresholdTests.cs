using Ticketing.Load.Measurement;

namespace Ticketing.Load.Tests.Measurement;

public sealed class ThresholdTests
{
    [Fact]
    public void ConflictsOnHoldsAreExpectedButServerErrorsAreNot()
    {
        var recorder = new Recorder();
        for (var i = 0; i < 97; i++)
        {
            recorder.Record("hold", i % 2 == 0 ? "201" : "409 seat_unavailable", TimeSpan.FromMilliseconds(2));
        }

        for (var i = 0; i < 3; i++)
        {
            recorder.Record("hold", "500", TimeSpan.FromMilliseconds(2));
        }

        var result = new Threshold("hold", ThresholdMetric.UnexpectedRate, 0.01).Evaluate(recorder);

        Assert.False(result.Passed);
        Assert.Equal(0.03, result.Actual!.Value, 6);
    }

    [Fact]
    public void ALatencyLimitPassesOnlyWhenThePercentileIsUnderIt()
    {
        var recorder = new Recorder();
        for (var i = 1; i <= 100; i++)
        {
            recorder.Record("commit", "200", TimeSpan.FromMilliseconds(i));
        }

        Assert.True(new Threshold("commit", ThresholdMetric.P95, 100).Evaluate(recorder).Passed);
        Assert.False(new Threshold("commit", ThresholdMetric.P99, 90).Evaluate(recorder).Passed);
    }

    [Fact]
    public void ALimitOnAnOperationThatNeverRanFails()
    {
        var result = new Threshold("commit", ThresholdMetric.P99, 100).Evaluate(new Recorder());

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
    }

    [Fact]
    public void ADeclinedCardIsExpectedOnlyForTheDeclinedCommit()
    {
        Assert.True(ExpectedOutcomes.IsExpected("commit_declined", "402 payment_failed"));
        Assert.False(ExpectedOutcomes.IsExpected("commit", "402 payment_failed"));
        Assert.False(ExpectedOutcomes.IsExpected("hold", "4090"));
        Assert.False(ExpectedOutcomes.IsExpected("hold", "transport: timeout"));
    }
}

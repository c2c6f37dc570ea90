using Ticketing.Load.Bench;

namespace Ticketing.Load.Tests.Bench;

public sealed class BenchmarkDocumentTests
{
    private static readonly BenchResults Empty = new(new Dictionary<string, string>(), [], null, null, null, null, null, null, null, null, [],
        new Dictionary<string, IReadOnlyList<RedisCommandStat>>(), null);

    [Fact]
    public void ANewRunKeepsTheRecordedRunsOfThePageItReplaces()
    {
        var previous = BenchmarkDocument.Render(Empty) + "\n" + BenchmarkDocument.RecordedRunsHeading +
            "\n\n### Client A against client B\n\n| round | A | B |\n|---|---|---|\n| 1 | 10 | 9 |\n";

        var next = BenchmarkDocument.Render(Empty, previous);

        Assert.EndsWith("| 1 | 10 | 9 |\n", next, StringComparison.Ordinal);
        Assert.Equal(2, next.Split(BenchmarkDocument.RecordedRunsHeading).Length);
    }

    [Fact]
    public void APageWithoutRecordedRunsGainsNone()
    {
        var next = BenchmarkDocument.Render(Empty, "# Benchmarks\n\nan older page\n");

        Assert.DoesNotContain(BenchmarkDocument.RecordedRunsHeading, next, StringComparison.Ordinal);
        Assert.DoesNotContain("an older page", next, StringComparison.Ordinal);
    }
}

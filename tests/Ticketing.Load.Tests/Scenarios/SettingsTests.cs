using Ticketing.Load.Cli;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class SettingsTests
{
    [Fact]
    public void TheCommandLineWinsOverTheEnvironmentNamedAsK6ReadsIt()
    {
        var environment = new Dictionary<string, string> { ["EVENT_SEATS"] = "500", ["USERS"] = "7" };
        var settings = new Settings(["--event-seats", "20000", "--no-check"], name => environment.GetValueOrDefault(name));

        Assert.Equal(20_000, settings.Integer("event-seats", 1));
        Assert.Equal(7, settings.Integer("users", 1));
        Assert.Equal(3, settings.Integer("max-seats", 3));
        Assert.True(settings.Flag("no-check"));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("45", 45)]
    public void DurationsAreReadAsK6WritesThem(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Settings.ParseDuration(text));
    }

    [Fact]
    public void ABadValueIsAUsageErrorNamingTheKnob()
    {
        var settings = new Settings(["--users", "many"], _ => null);

        var error = Assert.Throws<UsageException>(() => settings.Integer("users", 1));
        Assert.Contains("USERS", error.Message, StringComparison.Ordinal);
    }
}

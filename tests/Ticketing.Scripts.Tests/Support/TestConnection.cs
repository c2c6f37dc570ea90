using StackExchange.Redis;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>
/// A connection a test owns, closed without waiting for replies still in flight: a test that
/// killed its server would otherwise wait out the client's timeouts.
/// </summary>
public sealed class TestConnection : IDisposable
{
    private TestConnection(ConnectionMultiplexer redis) => Redis = redis;

    public ConnectionMultiplexer Redis { get; }

    public static async Task<TestConnection> OpenAsync(string configuration) =>
        new(await ConnectionMultiplexer.ConnectAsync(configuration));

    public void Dispose()
    {
        Redis.Close(allowCommandsToComplete: false);
        Redis.Dispose();
    }
}

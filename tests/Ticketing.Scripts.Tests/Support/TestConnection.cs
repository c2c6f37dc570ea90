using StackExchange.Redis;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>
/// A connection a test owns. Closed without waiting: a plain Dispose in StackExchange.Redis
/// 1.2.6 waits ~10 s for QUIT replies, which would dominate the suite's run time.
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

using StackExchange.Redis;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Plumbing;

public sealed class RedisPlumbingTests
{
    [Fact]
    public async Task TheSuiteRedisRunsLuaWithServerTime()
    {
        var server = await RedisServer.Shared;
        using var connection = await TestConnection.OpenAsync(server.Configuration);
        var redis = connection.Redis;
        var key = $"{{ev:{Guid.NewGuid():N}}}:probe";

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], ARGV[1]); return { redis.call('GET', KEYS[1]), redis.call('TIME')[1] }",
            [key], ["hello"]))!;

        Assert.Equal("hello", (string?)result[0]);
        Assert.InRange((long)result[1], DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
    }
}

public sealed class RedisClusterPlumbingTests
{
    [Fact]
    public async Task AThreeMasterClusterRunsAScriptOverKeysOfOneHashTag()
    {
        var cluster = await RedisCluster.Shared;
        using var connection = await TestConnection.OpenAsync(cluster.Configuration);
        var redis = connection.Redis;
        var tag = $"{{ev:{Guid.NewGuid():N}}}";

        var written = await redis.GetDatabase().ScriptEvaluateAsync(
            "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[1]); return redis.call('MGET', KEYS[1], KEYS[2])",
            [$"{tag}:a", $"{tag}:b"], ["x"]);

        Assert.Equal(["x", "x"], ((string?[])written!).Select(v => v ?? "").ToArray());
        Assert.Equal(3, cluster.Endpoints.Count);
        Assert.Equal(3, redis.GetEndPoints().Length);
    }
}

using System.IO.Pipelines;
using System.Reflection;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;

namespace Ticketing.Scripts.Tests.Faults;

/// <summary>
/// A script written just as Redis drops the connection meets the connection's closed pipe, and
/// StackExchange.Redis passes the pipe's InvalidOperationException on as it is (the chaos run saw
/// joins answered 500 when Redis was killed). The engine reports it as the connection failure it
/// is, which the Api answers with 503.
/// </summary>
public sealed class ClosedConnectionTests
{
    [Theory]
    [InlineData("function")]
    [InlineData("script")]
    public async Task AScriptThatMeetsAClosedConnectionFailsAsAConnectionFailure(string kind)
    {
        var closedPipe = ClosedPipeError();
        var runner = new ScriptRunner(FailingRedis.Create(closedPipe), () => TimeSpan.Zero);
        var script = kind == "function" ? EngineScripts.HoldSeats : Ticketing.Scripts.WaitingRoom.WaitingRoomScripts.Join;

        var failure = await Assert.ThrowsAsync<RedisConnectionException>(() => runner.RunAsync(script, "ev-1"));

        Assert.Equal(ConnectionFailureType.SocketFailure, failure.FailureType);
        Assert.Same(closedPipe, failure.InnerException);
    }

    [Fact]
    public async Task AnyOtherInvalidOperationIsNotTakenForAConnectionFailure()
    {
        var runner = new ScriptRunner(FailingRedis.Create(new InvalidOperationException("a bug")), () => TimeSpan.Zero);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(EngineScripts.HoldSeats, "ev-1"));
    }

    /// <summary>The very exception a write to a completed pipe throws.</summary>
    private static InvalidOperationException ClosedPipeError()
    {
        var pipe = new Pipe();
        pipe.Writer.Complete();
        try
        {
            pipe.Writer.GetMemory();
        }
        catch (InvalidOperationException closed)
        {
            return closed;
        }

        throw new InvalidOperationException("a completed pipe took a write");
    }

    /// <summary>A connection whose every script call fails with one exception, as its connection's write would.</summary>
    private class FailingRedis : DispatchProxy
    {
        private Exception _failure = null!;
        private IDatabase? _database;

        public static IConnectionMultiplexer Create(Exception failure)
        {
            var database = DispatchProxy.Create<IDatabase, FailingRedis>();
            ((FailingRedis)(object)database)._failure = failure;
            var connection = DispatchProxy.Create<IConnectionMultiplexer, FailingRedis>();
            ((FailingRedis)(object)connection)._failure = failure;
            ((FailingRedis)(object)connection)._database = database;
            return connection;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IConnectionMultiplexer.GetDatabase) => _database,
            nameof(IDatabase.ScriptEvaluateAsync) or nameof(IDatabase.ExecuteAsync) => Task.FromException<RedisResult>(_failure),
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }
}

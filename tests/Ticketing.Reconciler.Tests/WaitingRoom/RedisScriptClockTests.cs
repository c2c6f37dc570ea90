using Ticketing.Reconciler.WaitingRoom;

namespace Ticketing.Reconciler.Tests.WaitingRoom;

public sealed class RedisScriptClockTests
{
    [Fact]
    public void ScriptTimeCountsTheEnginesFunctionCallsAndTheRoomsScriptsButNoOtherCommand()
    {
        const string stats = """
            # Commandstats
            cmdstat_fcall:calls=1000,usec=52000,usec_per_call=52.00,rejected_calls=0,failed_calls=0
            cmdstat_fcall_ro:calls=10,usec=300,usec_per_call=30.00,rejected_calls=0,failed_calls=0
            cmdstat_evalsha:calls=200,usec=4600,usec_per_call=23.00,rejected_calls=0,failed_calls=0
            cmdstat_eval:calls=1,usec=100,usec_per_call=100.00,rejected_calls=0,failed_calls=0
            cmdstat_hget:calls=9000,usec=6300,usec_per_call=0.70,rejected_calls=0,failed_calls=0
            cmdstat_function|load:calls=1,usec=900,usec_per_call=900.00,rejected_calls=0,failed_calls=0
            """;

        Assert.Equal(52_000 + 300 + 4_600 + 100, RedisScriptClock.ScriptMicroseconds(stats));
    }
}

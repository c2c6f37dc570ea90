using Ticketing.Load.Cli;

namespace Ticketing.Load.Invariants;

/// <summary>Where the stores are, and how long to let the service settle before judging it.</summary>
/// <param name="Redis">StackExchange.Redis configuration string of the service's Redis.</param>
/// <param name="Postgres">Npgsql connection string of the service's database.</param>
/// <param name="SweepInterval">The hold-expiry sweep period (Reconciler:Jobs:ExpirySweepCron, every 2 s by default): a hold may outlive its expiry by this much, no more.</param>
/// <param name="Settle">How long to wait for the outbox writer and the sweeper before calling a difference a violation.</param>
public sealed record InvariantOptions(string Redis, string Postgres, TimeSpan SweepInterval, TimeSpan Settle)
{
    public static InvariantOptions Read(Settings settings) => new(
        settings.Text("redis", "127.0.0.1:6390"),
        settings.Text("postgres", "Host=127.0.0.1;Port=5442;Username=postgres;Database=ticketing"),
        settings.Duration("sweep-interval", TimeSpan.FromSeconds(2)),
        settings.Duration("settle", TimeSpan.FromSeconds(45)));
}

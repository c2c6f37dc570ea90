using StackExchange.Redis;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// The writer's own Redis connection. A multiplexer sends every command down one socket in order,
/// so on the connection the Api's hold and commit traffic uses, the writer's reads and
/// acknowledgements would wait behind a sale's backlog, exactly when persist lag matters most.
/// </summary>
public sealed class OutboxConnection(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set"));
        options.AbortOnConnectFail = false;
        options.ClientName = "ticketing-outbox-writer";
        return ConnectionMultiplexer.Connect(options);
    });

    public IConnectionMultiplexer Multiplexer => _connection.Value;

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Close(allowCommandsToComplete: false);
            _connection.Value.Dispose();
        }
    }
}

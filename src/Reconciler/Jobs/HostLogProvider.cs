using Hangfire.Logging;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide, while logger factories belong to a host. A process that runs
/// several hosts one after another (the test suites do) would otherwise fail a job client's creation in a
/// live host with the logger factory of one already disposed; such loggers become silent instead.
/// </summary>
internal sealed class HostLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

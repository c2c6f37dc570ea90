namespace Ticketing.TestSupport;

/// <summary>
/// Waits for a condition that the system promises to reach "within seconds". The timeout is
/// generous on purpose: tests must pass on a slow, loaded machine; speed is for benchmarks.
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition did not hold in time{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, because);
}

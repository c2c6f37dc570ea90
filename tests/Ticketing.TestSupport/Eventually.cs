namespace Ticketing.TestSupport;

/// <summary>
/// Waits for a condition that the system promises to reach "within seconds". The timeout is
/// generous on purpose: tests must pass on a slow, loaded machine; speed is for benchmarks.
/// </summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null) =>
        HoldsAsync(condition, timeout, because is null ? null : () => because);

    /// <param name="condition">What must come true.</param>
    /// <param name="timeout">How long it may take (30 s by default).</param>
    /// <param name="describe">Read only on a timeout, for the failure's message: what was still wrong at the end.</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout, Func<string>? describe)
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
                throw new TimeoutException($"condition did not hold in time{(describe is null ? "" : ": " + describe())}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, because);
}

using Ticketing.Load.Api;

namespace Ticketing.Load.Setup;

/// <summary>Dev tokens (<c>POST /api/v1/auth/dev-token</c>, on under <c>./ticketing run</c>).</summary>
public static class Tokens
{
    public static async Task<string> AdminAsync(TicketingClient client, string? configured, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return configured;
        }

        var answer = await client.DevTokenAsync("load-admin", "admin", cancellationToken);
        return answer.Body?.AccessToken
            ?? throw new InvalidOperationException($"no admin token: set ADMIN_TOKEN, or run the service with dev tokens on (dev-token answered {answer.Outcome})");
    }

    /// <summary>One token per user <c>{prefix}-{n}</c>, fetched <paramref name="parallelism"/> at a time.</summary>
    public static async Task<string[]> ManyAsync(TicketingClient client, string prefix, int users, int parallelism, CancellationToken cancellationToken)
    {
        var tokens = new string[users];
        await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var answer = await client.DevTokenAsync($"{prefix}-{index}", "customer", token);
            tokens[index] = answer.Body?.AccessToken
                ?? throw new InvalidOperationException($"dev-token for {prefix}-{index} answered {answer.Outcome}");
        });
        return tokens;
    }
}

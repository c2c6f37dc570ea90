using Dapper;
using Npgsql;

namespace Ticketing.Persistence.Payments;

/// <summary>
/// Runs the handling of each payment webhook once per provider event id, durably: the id is
/// claimed in the same PostgreSQL transaction that records the outcome, so a handling that fails
/// (an exception, a lost connection) leaves no claim and the provider's retry runs it again,
/// while a redelivery of a handled event answers the recorded outcome and does nothing.
/// </summary>
/// <remarks>
/// PostgreSQL rather than Redis with a TTL: providers redeliver for days (far beyond the
/// signature tolerance, since each redelivery is signed afresh), and the claim must survive a
/// Redis failover. REVIEW: the transaction stays open while the handling calls Redis and the
/// gateway (a few milliseconds; a refund at most the gateway timeout); fine at webhook rates,
/// a claimed/finished state machine would free the connection at thousands per second.
/// </remarks>
public sealed class PaymentWebhookInbox(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Runs <paramref name="handle"/> unless <paramref name="eventId"/> was handled before. A second
    /// delivery of the same id while the first is still running waits for it, then answers its outcome.
    /// A handling that answers null is not finished (it must run again on the provider's retry):
    /// nothing is recorded and the answer is null.
    /// </summary>
    public async Task<WebhookReceipt?> ReceiveOnceAsync(string eventId, string type, Func<Task<string?>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO payment_webhooks (event_id, type, outcome) VALUES (@eventId, @type, '')
            ON CONFLICT (event_id) DO NOTHING
            """, new { eventId, type }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (claimed == 0)
        {
            var earlier = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT outcome FROM payment_webhooks WHERE event_id = @eventId", new { eventId }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new WebhookReceipt(earlier ?? "", Replayed: true);
        }

        var outcome = await handle().ConfigureAwait(false);
        if (outcome is null)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE payment_webhooks SET outcome = @outcome WHERE event_id = @eventId", new { eventId, outcome }, transaction,
            cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return new WebhookReceipt(outcome, Replayed: false);
    }

    /// <summary>The recorded outcome of a handled event, or null when it was never handled.</summary>
    public async Task<string?> OutcomeOfAsync(string eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT outcome FROM payment_webhooks WHERE event_id = @eventId", new { eventId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}

/// <summary>What handling a webhook did; <paramref name="Replayed"/>: an earlier delivery did it, this one changed nothing.</summary>
public sealed record WebhookReceipt(string Outcome, bool Replayed);

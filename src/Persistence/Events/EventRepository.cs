using Dapper;
using Npgsql;

using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Lifecycle;

namespace Ticketing.Persistence.Events;

/// <summary>Events and their layouts in PostgreSQL.</summary>
public sealed class EventRepository(NpgsqlDataSource dataSource) : IEventRepository
{
    public async Task<EventRecord> CreateAsync(NewEvent newEvent, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO events (id, title, venue, starts_at, currency, hold_ttl_seconds, max_seats_per_hold,
                                max_tickets_per_user, max_extensions, status, opens_at, refund_until)
            VALUES (@Id, @Title, @Venue, @StartsAt, @Currency, @HoldTtlSeconds, @MaxSeatsPerHold,
                    @MaxTicketsPerUser, @MaxExtensions, @Status, @OpensAt, @RefundUntil)
            """,
            new
            {
                Id = id,
                newEvent.Title,
                newEvent.Venue,
                StartsAt = newEvent.StartsAt.ToUniversalTime(),
                newEvent.Currency,
                newEvent.HoldTtlSeconds,
                newEvent.MaxSeatsPerHold,
                newEvent.MaxTicketsPerUser,
                newEvent.MaxExtensions,
                newEvent.Status,
                OpensAt = newEvent.OpensAt?.ToUniversalTime(),
                RefundUntil = newEvent.RefundUntil?.ToUniversalTime(),
            },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var sections = newEvent.Sections.Select((section, position) =>
            new { EventId = id, SectionId = section.Id, section.Name, section.Price, Position = position });
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO event_sections (event_id, section_id, name, price, position)
            VALUES (@EventId, @SectionId, @Name, @Price, @Position)
            """, sections, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var rows = newEvent.Sections.SelectMany(section => section.Rows.Select((row, position) =>
            new { EventId = id, SectionId = section.Id, RowId = row.Id, Position = position, row.Seats }));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO event_rows (event_id, section_id, row_id, position, seats)
            VALUES (@EventId, @SectionId, @RowId, @Position, @Seats)
            """, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<EventRecord?> GetAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"{SelectEvents} WHERE id = @eventId", new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var layouts = await LoadLayoutsAsync(connection, [eventId], cancellationToken).ConfigureAwait(false);
        return row.ToRecord(layouts);
    }

    public async Task<EventPage> SearchAsync(string? query, int page, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // The pattern escapes LIKE's wildcards so a search for "50%" means the text "50%".
        var pattern = string.IsNullOrWhiteSpace(query)
            ? null
            : "%" + query.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
        var filter = new { pattern, limit, offset = (long)(page - 1) * limit };
        const string where = "WHERE @pattern::text IS NULL OR title ILIKE @pattern OR venue ILIKE @pattern";

        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM events {where}", filter, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"{SelectEvents} {where} ORDER BY starts_at, id LIMIT @limit OFFSET @offset",
            filter, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        var layouts = await LoadLayoutsAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return new EventPage([.. rows.Select(r => r.ToRecord(layouts))], total);
    }

    public async Task<IReadOnlyList<Guid>> ListOnSaleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM events ORDER BY starts_at, id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. ids];
    }

    public async Task<EventUpdate> UpdateAsync(Guid eventId, EventChanges changes, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The row lock orders this change after the opening job's or another admin's, so the move
        // is judged from the status the event really has.
        var current = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"{SelectEvents} WHERE id = @eventId FOR UPDATE", new { eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current is null)
        {
            return new EventUpdate.NotFound();
        }

        var status = changes.Status ?? current.Status;
        if (status != current.Status && !EventLifecycle.CanMove(current.Status, status))
        {
            return new EventUpdate.InvalidTransition(current.Status, status);
        }

        if (status == EventStatuses.Scheduled && changes.OpensAt is null && current.OpensAt is null)
        {
            return new EventUpdate.OpensAtRequired();
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE events SET
                title = COALESCE(@Title, title),
                venue = COALESCE(@Venue, venue),
                starts_at = COALESCE(@StartsAt, starts_at),
                opens_at = COALESCE(@OpensAt, opens_at),
                refund_until = COALESCE(@RefundUntil, refund_until),
                hold_ttl_seconds = COALESCE(@HoldTtlSeconds, hold_ttl_seconds),
                max_seats_per_hold = COALESCE(@MaxSeatsPerHold, max_seats_per_hold),
                max_tickets_per_user = COALESCE(@MaxTicketsPerUser, max_tickets_per_user),
                status = @Status
            WHERE id = @eventId
            """,
            new
            {
                eventId,
                changes.Title,
                changes.Venue,
                StartsAt = changes.StartsAt?.ToUniversalTime(),
                OpensAt = changes.OpensAt?.ToUniversalTime(),
                RefundUntil = changes.RefundUntil?.ToUniversalTime(),
                changes.HoldTtlSeconds,
                changes.MaxSeatsPerHold,
                changes.MaxTicketsPerUser,
                Status = status,
            },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new EventUpdate.Updated((await GetAsync(eventId, cancellationToken).ConfigureAwait(false))!, current.Status);
    }

    public async Task<IReadOnlyList<Guid>> OpenDueSalesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition($"""
            UPDATE events SET status = '{EventStatuses.OnSale}'
            WHERE status = '{EventStatuses.Scheduled}' AND opens_at <= @now
            RETURNING id
            """, new { now = now.UtcDateTime }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. ids];
    }

    public async Task AddSeatBlockAsync(Guid eventId, string blockId, string reason, IReadOnlyList<string> seatIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO seat_blocks (block_id, event_id, reason, seat_ids) VALUES (@blockId, @eventId, @reason, @seatIds)
            ON CONFLICT (block_id) DO NOTHING
            """, new { blockId, eventId, reason, seatIds = seatIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task RemoveSeatBlockAsync(Guid eventId, string blockId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM seat_blocks WHERE event_id = @eventId AND block_id = @blockId",
            new { eventId, blockId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SeatBlockRecord>> ListSeatBlocksAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SeatBlockRow>(new CommandDefinition(
            "SELECT block_id, reason, seat_ids, created_at FROM seat_blocks WHERE event_id = @eventId ORDER BY created_at, block_id",
            new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(row => new SeatBlockRecord(row.BlockId, row.Reason, row.SeatIds, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero)))];
    }

    public async Task SetSeatPricesAsync(Guid eventId, IReadOnlyList<(string SeatId, decimal Price)> prices, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO seat_prices (event_id, seat_id, price)
            SELECT @eventId, seat_id, price FROM unnest(@seatIds, @prices) AS changed (seat_id, price)
            ON CONFLICT (event_id, seat_id) DO UPDATE SET price = excluded.price, changed_at = now()
            """, new { eventId, seatIds = prices.Select(price => price.SeatId).ToArray(), prices = prices.Select(price => price.Price).ToArray() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string SeatId, decimal Price)>> ListSeatPricesAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string, decimal)>(new CommandDefinition(
            "SELECT seat_id, price FROM seat_prices WHERE event_id = @eventId ORDER BY seat_id",
            new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows];
    }

    private const string SelectEvents = """
        SELECT id, title, venue, starts_at, currency, hold_ttl_seconds, max_seats_per_hold,
               max_tickets_per_user, max_extensions, status, opens_at, refund_until
        FROM events
        """;

    /// <summary>Sections (display order) with their rows (front first) for each event.</summary>
    private static async Task<Dictionary<Guid, List<SectionLayout>>> LoadLayoutsAsync(
        NpgsqlConnection connection, Guid[] eventIds, CancellationToken cancellationToken)
    {
        var layouts = eventIds.ToDictionary(id => id, _ => new List<SectionLayout>());
        if (eventIds.Length == 0)
        {
            return layouts;
        }

        var sections = await connection.QueryAsync<SectionRow>(new CommandDefinition("""
            SELECT event_id, section_id, name, price FROM event_sections
            WHERE event_id = ANY(@eventIds) ORDER BY event_id, position
            """, new { eventIds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<RowRow>(new CommandDefinition("""
            SELECT event_id, section_id, row_id, seats FROM event_rows
            WHERE event_id = ANY(@eventIds) ORDER BY event_id, section_id, position
            """, new { eventIds }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(r => (r.EventId, r.SectionId));

        foreach (var section in sections)
        {
            var sectionRows = rows[(section.EventId, section.SectionId)].Select(r => new RowLayout(r.RowId, r.Seats)).ToList();
            layouts[section.EventId].Add(new SectionLayout(section.SectionId, section.Name, section.Price, sectionRows));
        }

        return layouts;
    }

    private sealed record EventRow(
        Guid Id, string Title, string Venue, DateTime StartsAt, string Currency, int HoldTtlSeconds,
        int MaxSeatsPerHold, int MaxTicketsPerUser, int MaxExtensions, string Status, DateTime? OpensAt, DateTime? RefundUntil)
    {
        public EventRecord ToRecord(Dictionary<Guid, List<SectionLayout>> layouts) => new(
            Id, Title, Venue, new DateTimeOffset(StartsAt, TimeSpan.Zero), Currency, HoldTtlSeconds,
            MaxSeatsPerHold, MaxTicketsPerUser, MaxExtensions, Status, layouts[Id])
        {
            OpensAt = OpensAt is { } opensAt ? new DateTimeOffset(opensAt, TimeSpan.Zero) : null,
            RefundUntil = RefundUntil is { } refundUntil ? new DateTimeOffset(refundUntil, TimeSpan.Zero) : null,
        };
    }

    // A class with setters, not a record: Npgsql reports text[] as System.Array, which Dapper
    // cannot match to a constructor parameter but does assign to a string[] property.
    private sealed class SeatBlockRow
    {
        public string BlockId { get; set; } = "";

        public string Reason { get; set; } = "";

        public string[] SeatIds { get; set; } = [];

        public DateTime CreatedAt { get; set; }
    }

    private sealed record SectionRow(Guid EventId, string SectionId, string Name, decimal Price);

    private sealed record RowRow(Guid EventId, string SectionId, string RowId, int Seats);
}

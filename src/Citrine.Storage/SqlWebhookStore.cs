using System.Data.Common;
using System.Globalization;
using Citrine.Application;
using Citrine.Application.Webhooks;

namespace Citrine.Storage;

/// <summary>
/// The webhook outbox and its delivery log. A claim is one conditional UPDATE of due rows (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c> so nodes do not queue behind each other; on SQLite the single writer serialises
/// claims), which sets a lease and a token. Outcomes are written only by the token holder.
/// </summary>
public sealed class SqlWebhookStore(Database database) : IWebhookStore
{
    private const string Columns =
        """
        o.event_id, o.merchant_id, o.stream_key, o.biz_type, o.biz_id, o.biz_status, o.data_json, o.webhook_url,
        o.state, o.attempts, o.redeliveries, o.next_attempt_at_ms, o.created_at_ms, o.delivered_at_ms, o.last_error
        """;

    // Due: PENDING, its time has come, not leased, and no older PENDING event of its stream (in flight or waiting for
    // a retry) — events of one order go out one after another. FAILED, DELIVERED and NO_DESTINATION events do not
    // hold a stream back.
    // The due time follows the event's merchant's sandbox clock; the lease is the server's (MerchantClockSql).
    private static readonly string DuePredicate =
        $"""
        o.state = 'PENDING' AND {MerchantClockSql.Reached("o.next_attempt_at_ms", "o.merchant_id")}
          AND o.lease_until_ms <= @now
          AND NOT EXISTS (SELECT 1 FROM webhook_outbox p
                          WHERE p.stream_key = o.stream_key AND p.state = 'PENDING' AND p.event_id < o.event_id)
        """;

    private const string AttemptColumns =
        """
        event_id, delivery_round, attempt, attempted_at_ms, destination, http_status, latency_ms, response_excerpt,
        error, delivered, signed_timestamp, signed_nonce, cert_serial
        """;

    public async Task<bool> HasDueAsync(long nowMs, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.ScalarLongAsync(
            $"""
            SELECT 1 FROM webhook_outbox o WHERE {DuePredicate} LIMIT 1
            """, ct, ("@now", nowMs)), cancellationToken).ConfigureAwait(false) is not null;

    public async Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken)
    {
        var token = Ids.NewToken(24);
        var sql =
            $"""
            UPDATE webhook_outbox SET lease_until_ms = @lease, lease_token = @token
            WHERE event_id IN (
                SELECT o.event_id FROM webhook_outbox o WHERE {DuePredicate}
                ORDER BY o.next_attempt_at_ms, o.event_id
                LIMIT @limit
                {(database.Kind == DatabaseKind.Postgres ? "FOR UPDATE OF o SKIP LOCKED" : "")}
            )
            RETURNING event_id
            """;
        return await database.WriteAsync(async (c, ct) =>
        {
            var ids = await c.QueryAsync(sql, r => r.GetInt64(0), ct, ("@lease", leaseUntilMs), ("@token", token),
                ("@now", nowMs), ("@limit", (long)limit)).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                return (IReadOnlyList<ClaimedEvent>)[];
            }

            var list = string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            return await c.QueryAsync(
                $"""
                SELECT {Columns}, COALESCE(o.webhook_url, m.webhook_url)
                FROM webhook_outbox o LEFT JOIN merchants m ON m.merchant_id = o.merchant_id
                WHERE o.event_id IN ({list}) ORDER BY o.event_id
                """, r => new ClaimedEvent(Map(r), r.NullableString(15), token), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> RecordAttemptAsync(ClaimedEvent claim, DeliveryAttempt attempt, string newState,
        long nextAttemptAtMs, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            if (await c.ExecuteAsync(
                    """
                    UPDATE webhook_outbox SET state = @state, attempts = @attempts, next_attempt_at_ms = @next,
                        lease_until_ms = 0, lease_token = NULL, delivered_at_ms = COALESCE(@delivered, delivered_at_ms),
                        last_error = @error
                    WHERE event_id = @id AND lease_token = @token
                    """, ct, ("@state", newState), ("@attempts", (long)attempt.Attempt), ("@next", nextAttemptAtMs),
                    ("@delivered", attempt.Delivered ? attempt.AttemptedAtMs : null),
                    ("@error", attempt.Delivered ? null : Describe(attempt)), ("@id", claim.Event.EventId),
                    ("@token", claim.LeaseToken)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await c.ExecuteAsync(
                $"""
                INSERT INTO webhook_attempts ({AttemptColumns})
                VALUES (@id, @round, @attempt, @at, @dest, @status, @latency, @excerpt, @error, @ok, @ts, @nonce, @sn)
                """, ct, ("@id", attempt.EventId), ("@round", (long)attempt.Round), ("@attempt", (long)attempt.Attempt),
                ("@at", attempt.AttemptedAtMs), ("@dest", attempt.Destination), ("@status", (long?)attempt.HttpStatus),
                ("@latency", attempt.LatencyMs), ("@excerpt", attempt.ResponseExcerpt), ("@error", attempt.Error),
                ("@ok", attempt.Delivered ? 1L : 0L), ("@ts", attempt.Timestamp), ("@nonce", attempt.Nonce),
                ("@sn", attempt.CertSerial)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> MarkNoDestinationAsync(ClaimedEvent claim, string message, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE webhook_outbox SET state = 'NO_DESTINATION', lease_until_ms = 0, lease_token = NULL, last_error = @error
            WHERE event_id = @id AND lease_token = @token
            """, ct, ("@error", message), ("@id", claim.Event.EventId), ("@token", claim.LeaseToken))
            .ConfigureAwait(false) == 1, cancellationToken);

    public Task<bool> RecordFailureAsync(ClaimedEvent claim, string failure, string newState, long nextAttemptAtMs,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE webhook_outbox SET state = @state, attempts = attempts + 1, next_attempt_at_ms = @next,
                lease_until_ms = 0, lease_token = NULL, last_error = @error
            WHERE event_id = @id AND lease_token = @token
            """, ct, ("@state", newState), ("@next", nextAttemptAtMs), ("@error", failure),
            ("@id", claim.Event.EventId), ("@token", claim.LeaseToken)).ConfigureAwait(false) == 1, cancellationToken);

    public Task ReleaseAsync(ClaimedEvent claim, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ExecuteAsync(
            "UPDATE webhook_outbox SET lease_until_ms = 0, lease_token = NULL WHERE event_id = @id AND lease_token = @token",
            ct, ("@id", claim.Event.EventId), ("@token", claim.LeaseToken)), cancellationToken);

    public async Task<IReadOnlyList<WebhookEventRecord>> ListAsync(long merchantId, long afterEventId, int limit,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT {Columns} FROM webhook_outbox o WHERE o.merchant_id = @m AND o.event_id > @after
            ORDER BY o.event_id LIMIT @limit
            """, Map, ct, ("@m", merchantId), ("@after", afterEventId), ("@limit", (long)limit)),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<WebhookEventRecord>> ListNewestAsync(long merchantId, long beforeEventId,
        int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT {Columns} FROM webhook_outbox o WHERE o.merchant_id = @m AND o.event_id < @before
            ORDER BY o.event_id DESC LIMIT @limit
            """, Map, ct, ("@m", merchantId), ("@before", beforeEventId), ("@limit", (long)limit)),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<WebhookEventRecord>> ListOfBizAsync(long merchantId, long bizId, int limit,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT {Columns} FROM webhook_outbox o WHERE o.merchant_id = @m AND o.biz_id = @b
            ORDER BY o.event_id LIMIT @limit
            """, Map, ct, ("@m", merchantId), ("@b", bizId), ("@limit", (long)limit)),
            cancellationToken).ConfigureAwait(false);

    public Task<WebhookEventRecord?> GetAsync(long eventId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM webhook_outbox o WHERE o.event_id = @id", Map, ct, ("@id", eventId)),
            cancellationToken);

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(long eventId,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {AttemptColumns} FROM webhook_attempts WHERE event_id = @id ORDER BY attempt_id",
            MapAttempt, ct, ("@id", eventId)), cancellationToken).ConfigureAwait(false);

    public async Task<long> LastEventIdAsync(long merchantId, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.ScalarLongAsync(
            "SELECT MAX(event_id) FROM webhook_outbox WHERE merchant_id = @m", ct, ("@m", merchantId)),
            cancellationToken).ConfigureAwait(false) ?? 0;

    public Task<bool> RedeliverAsync(long eventId, long nowMs, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE webhook_outbox SET state = 'PENDING', attempts = 0, redeliveries = redeliveries + 1,
                next_attempt_at_ms = @now, lease_until_ms = 0, lease_token = NULL, last_error = NULL
            WHERE event_id = @id
            """, ct, ("@id", eventId), ("@now", nowMs)).ConfigureAwait(false) == 1, cancellationToken);

    private static string Describe(DeliveryAttempt attempt) => attempt.Error
        ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {attempt.HttpStatus}");

    private static WebhookEventRecord Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
        r.NullableString(7), r.GetString(8), (int)r.GetInt64(9), (int)r.GetInt64(10), r.GetInt64(11), r.GetInt64(12),
        r.NullableLong(13), r.NullableString(14));

    private static DeliveryAttempt MapAttempt(DbDataReader r) => new()
    {
        EventId = r.GetInt64(0),
        Round = (int)r.GetInt64(1),
        Attempt = (int)r.GetInt64(2),
        AttemptedAtMs = r.GetInt64(3),
        Destination = r.GetString(4),
        HttpStatus = (int?)r.NullableLong(5),
        LatencyMs = r.GetInt64(6),
        ResponseExcerpt = r.NullableString(7),
        Error = r.NullableString(8),
        Delivered = r.GetInt64(9) != 0,
        Timestamp = r.GetString(10),
        Nonce = r.GetString(11),
        CertSerial = r.GetString(12),
    };

    public Task<int> PruneFinishedAsync(long nowMs, long keepMs, int limit, CancellationToken cancellationToken)
    {
        var sql =
            $"""
            DELETE FROM webhook_outbox WHERE event_id IN (
                SELECT o.event_id FROM webhook_outbox o
                WHERE o.state IN ('{WebhookStates.Delivered}', '{WebhookStates.Failed}', '{WebhookStates.NoDestination}')
                  AND {MerchantClockSql.Reached("o.created_at_ms + @keep", "o.merchant_id")}
                ORDER BY o.event_id LIMIT @limit)
              AND state <> '{WebhookStates.Pending}'
            RETURNING event_id, merchant_id, created_at_ms
            """;
        return database.WriteAsync(async (c, ct) =>
        {
            var pruned = await c.QueryAsync(sql, r => (EventId: r.GetInt64(0), MerchantId: r.GetInt64(1),
                CreatedAtMs: r.GetInt64(2)), ct, ("@now", nowMs), ("@keep", keepMs), ("@limit", (long)limit))
                .ConfigureAwait(false);
            if (pruned.Count == 0)
            {
                return 0;
            }

            // The attempts go with their event (ON DELETE CASCADE does the same; said here so it does not depend on
            // the connection's foreign-key setting).
            var ids = string.Join(", ", pruned.Select(p => p.EventId.ToString(CultureInfo.InvariantCulture)));
            await c.ExecuteAsync($"DELETE FROM webhook_attempts WHERE event_id IN ({ids})", ct).ConfigureAwait(false);
            foreach (var merchant in pruned.GroupBy(p => p.MerchantId))
            {
                // Events of this merchant created before this time may be gone (read by LedgerAuditor).
                await c.ExecuteAsync(
                    """
                    INSERT INTO webhook_retention (merchant_id, pruned_before_ms) VALUES (@m, @before)
                    ON CONFLICT (merchant_id) DO UPDATE SET pruned_before_ms = CASE
                        WHEN excluded.pruned_before_ms > webhook_retention.pruned_before_ms
                        THEN excluded.pruned_before_ms ELSE webhook_retention.pruned_before_ms END
                    """, ct, ("@m", merchant.Key), ("@before", merchant.Max(p => p.CreatedAtMs) + 1))
                    .ConfigureAwait(false);
            }

            return pruned.Count;
        }, cancellationToken);
    }
}

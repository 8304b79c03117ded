using System.Data.Common;
using Citrine.Application.Webhooks;

namespace Citrine.Storage;

/// <summary>Writes an outbox row inside the caller's transaction.</summary>
internal static class OutboxSql
{
    public static Task<int> InsertAsync(DbConnection connection, OutboxEvent e, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO webhook_outbox (merchant_id, stream_key, biz_type, biz_id, biz_status, data_json, webhook_url,
                next_attempt_at_ms, created_at_ms)
            VALUES (@m, @s, @bt, @bi, @bs, @d, @u, @t, @t)
            """, cancellationToken, ("@m", e.MerchantId), ("@s", e.StreamKey), ("@bt", e.BizType), ("@bi", e.BizId),
            ("@bs", e.BizStatus), ("@d", e.DataJson), ("@u", e.WebhookUrl), ("@t", e.CreatedAtMs));
}

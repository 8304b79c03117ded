using Citrine.Application.Webhooks;

namespace Citrine.Storage;

/// <summary>Webhook signing keys; creation and rotation races are decided by the primary key.</summary>
public sealed class SqlWebhookKeyStore(Database database) : IWebhookKeyStore
{
    public async Task<IReadOnlyList<WebhookKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT key_id, cert_serial, public_pem, private_cipher, created_at_ms, retired_at_ms
            FROM webhook_keys ORDER BY key_id DESC
            """,
            r => new WebhookKeyRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), (byte[])r.GetValue(3),
                r.GetInt64(4), r.NullableLong(5)), ct), cancellationToken).ConfigureAwait(false);

    public Task<bool> TryInsertAsync(WebhookKeyRecord key, long? retiredKeyId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            var inserted = await c.ExecuteAsync(
                """
                INSERT INTO webhook_keys (key_id, cert_serial, public_pem, private_cipher, created_at_ms)
                VALUES (@id, @serial, @pem, @cipher, @t) ON CONFLICT DO NOTHING
                """, ct, ("@id", key.KeyId), ("@serial", key.CertSerial), ("@pem", key.PublicPem),
                ("@cipher", key.PrivateCipher), ("@t", key.CreatedAtMs)).ConfigureAwait(false) == 1;
            if (inserted && retiredKeyId is { } retired)
            {
                await c.ExecuteAsync(
                    "UPDATE webhook_keys SET retired_at_ms = @t WHERE key_id = @id AND retired_at_ms IS NULL", ct,
                    ("@id", retired), ("@t", key.CreatedAtMs)).ConfigureAwait(false);
            }

            return inserted;
        }, cancellationToken);
}

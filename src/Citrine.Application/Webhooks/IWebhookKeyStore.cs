namespace Citrine.Application.Webhooks;

/// <summary>
/// A webhook signing key. <see cref="KeyId"/> is its generation (1 for the first key, +1 per rotation), so the
/// newest key is the one with the highest id; the private key is stored encrypted by the master key.
/// </summary>
public sealed record WebhookKeyRecord(
    long KeyId, string CertSerial, string PublicPem, byte[] PrivateCipher, long CreatedAtMs, long? RetiredAtMs);

/// <summary>Storage port of the webhook signing keys.</summary>
public interface IWebhookKeyStore
{
    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<WebhookKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="key"/> unless a key with its id exists (the primary key decides between nodes that race
    /// to create or rotate), and when it was inserted marks <paramref name="retiredKeyId"/> retired at its creation
    /// time. True when this call inserted the key.
    /// </summary>
    Task<bool> TryInsertAsync(WebhookKeyRecord key, long? retiredKeyId, CancellationToken cancellationToken);
}

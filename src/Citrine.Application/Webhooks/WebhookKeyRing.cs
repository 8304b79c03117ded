using System.Security.Cryptography;
using Citrine.Application.Security;
using Citrine.Contracts.Signing;

namespace Citrine.Application.Webhooks;

/// <summary>
/// The RSA key pairs that sign webhooks (docs/api-reference.md#webhook-signature, #query-certificate). The first key is
/// created on first start; nodes that share a database converge on one key because the key id is a primary key (the
/// first insert wins, everyone then loads the newest key). A rotation adds the next generation; the replaced key stays
/// listed by <c>/certificates</c> for <see cref="CitrineOptions.WebhookCertificateGraceSeconds"/> so receivers that
/// cache certificates keep verifying.
/// </summary>
public sealed class WebhookKeyRing(IWebhookKeyStore store, SecretProtector protector, CitrineOptions options,
    TimeProvider time) : IDisposable
{
    /// <summary>RSA modulus size of new keys (Binance's own size is not documented;
    /// docs/api-reference.md#webhook-signature).</summary>
    public const int KeySizeBits = 2048;

    /// <summary>How long a node keeps signing with a cached key before it looks for a rotation made elsewhere.</summary>
    public static readonly TimeSpan CurrentKeyCacheTtl = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedKey? _cache;

    /// <summary>The key to sign with now, creating the first key if there is none.</summary>
    public async Task<SigningKey> CurrentAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_cache is { } cached && Math.Abs(nowMs - cached.LoadedAtMs) < CurrentKeyCacheTtl.TotalMilliseconds)
        {
            return cached.Key;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var newest = (await EnsureKeysAsync(cancellationToken).ConfigureAwait(false))[0];
            var key = _cache?.Key is { } previous && previous.KeyId == newest.KeyId ? previous : Decrypt(newest);
            _cache = new CachedKey(key, nowMs);
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The certificates to publish: the current key first, then replaced keys still within the grace period.</summary>
    public async Task<IReadOnlyList<WebhookKeyRecord>> ListedAsync(CancellationToken cancellationToken)
    {
        var keys = await EnsureKeysAsync(cancellationToken).ConfigureAwait(false);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var graceMs = options.WebhookCertificateGraceSeconds * 1000L;
        return [keys[0], .. keys.Skip(1).Where(k => k.RetiredAtMs is { } retired && nowMs < retired + graceMs)];
    }

    /// <summary>Creates the next key and makes it current; the replaced key enters its grace period.</summary>
    public async Task<IReadOnlyList<WebhookKeyRecord>> RotateAsync(CancellationToken cancellationToken)
    {
        var newest = (await EnsureKeysAsync(cancellationToken).ConfigureAwait(false))[0];
        // When another node rotates at the same moment one of the two inserts wins; either way one new key results.
        await store.TryInsertAsync(NewKey(newest.KeyId + 1), newest.KeyId, cancellationToken).ConfigureAwait(false);
        _cache = null;
        return await ListedAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<IReadOnlyList<WebhookKeyRecord>> EnsureKeysAsync(CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            return keys;
        }

        await store.TryInsertAsync(NewKey(1), null, cancellationToken).ConfigureAwait(false);
        return await store.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    private WebhookKeyRecord NewKey(long keyId)
    {
        using var rsa = RSA.Create(KeySizeBits);
        var publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        return new WebhookKeyRecord(keyId, WebhookSignature.SerialOf(publicPem), publicPem,
            protector.Protect(rsa.ExportPkcs8PrivateKeyPem()), time.GetUtcNow().ToUnixTimeMilliseconds(), null);
    }

    private SigningKey Decrypt(WebhookKeyRecord key)
    {
        string pem;
        try
        {
            pem = protector.Unprotect(key.PrivateCipher);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                "The webhook signing key cannot be decrypted: nodes that share a database must share Citrine:MasterKey.",
                e);
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new SigningKey(key.KeyId, key.CertSerial, rsa.ExportPkcs8PrivateKey());
    }

    private sealed record CachedKey(SigningKey Key, long LoadedAtMs);
}

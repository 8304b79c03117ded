using System.Security.Cryptography;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;

namespace Citrine.Client;

/// <summary>
/// Verifies webhooks as Binance signs them (docs/api-reference.md#webhook-signature): RSASSA-PKCS1-v1_5 with SHA-256
/// over <c>timestamp\nnonce\nrawBody\n</c>, base64, checked with the public key whose <c>certSerial</c> the
/// <c>BinancePay-Certificate-SN</c> header names. Certificates come from <c>/certificates</c>, are cached by serial,
/// and are fetched again when a webhook names a serial not in the cache (key rotation). Thread-safe.
/// </summary>
/// <remarks>Verify the body bytes exactly as received: a body parsed and written again (other whitespace, key order,
/// or a <c>bizId</c> rounded by a <c>double</c> parser) no longer matches its signature.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "SemaphoreSlim holds nothing to dispose unless its AvailableWaitHandle is used; it is not.")]
public class WebhookVerifier
{
    private readonly CertificatesClient? _certificates;
    private readonly TimeSpan _cooldown;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Dictionary<string, string> _cache = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset? _lastFetch;

    /// <summary>A verifier that fetches certificates through <paramref name="client"/>.</summary>
    public WebhookVerifier(CitrineClient client)
        : this(client?.Certificates ?? throw new ArgumentNullException(nameof(client)), null)
    {
    }

    /// <summary>A verifier that fetches certificates through <paramref name="certificates"/>.</summary>
    public WebhookVerifier(CertificatesClient certificates, WebhookVerifierOptions? options)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        options ??= new WebhookVerifierOptions();
        _certificates = certificates;
        _cooldown = options.RefreshCooldown;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>A verifier with a fixed set of certificates, never fetched (tests, offline tools).</summary>
    public WebhookVerifier(IEnumerable<CertificateResult> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        _cache = certificates.ToDictionary(c => c.CertSerial, c => c.CertPublic, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>For mocking only.</summary>
    protected WebhookVerifier()
    {
    }

    /// <summary>Verifies a webhook and parses it.</summary>
    /// <param name="rawBody">The request body bytes exactly as received.</param>
    /// <param name="headers">The <c>BinancePay-*</c> headers of the request.</param>
    /// <param name="cancellationToken">Cancels a certificate fetch.</param>
    /// <exception cref="WebhookVerificationException">The webhook must not be trusted; see its
    /// <see cref="WebhookVerificationException.Reason"/>.</exception>
    public virtual async Task<WebhookEvent> VerifyAsync(ReadOnlyMemory<byte> rawBody, WebhookHeaders headers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Nonce)
            || string.IsNullOrEmpty(headers.Signature) || string.IsNullOrEmpty(headers.CertificateSerial))
        {
            throw new WebhookVerificationException(WebhookFailureReason.MissingHeaders,
                "A BinancePay-Timestamp, -Nonce, -Signature or -Certificate-SN header is missing.");
        }

        var publicKey = await FindCertificateAsync(headers.CertificateSerial, cancellationToken).ConfigureAwait(false)
            ?? throw new WebhookVerificationException(WebhookFailureReason.UnknownCertificate,
                $"No certificate has the serial {headers.CertificateSerial}.");
        if (!Verifies(publicKey, headers, rawBody.Span))
        {
            throw new WebhookVerificationException(WebhookFailureReason.InvalidSignature,
                "The signature does not match the body and headers.");
        }

        try
        {
            return WebhookEvent.Parse(rawBody.Span);
        }
        catch (FormatException e)
        {
            throw new WebhookVerificationException(WebhookFailureReason.MalformedBody, e.Message, e);
        }
    }

    private static bool Verifies(string publicKeyPem, WebhookHeaders headers, ReadOnlySpan<byte> body)
    {
        try
        {
            return WebhookSignature.Verify(publicKeyPem, headers.Timestamp!, headers.Nonce!, body, headers.Signature!);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private async Task<string?> FindCertificateAsync(string serial, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(serial, out var pem) || _certificates is null)
        {
            return pem;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited.
            if (_cache.TryGetValue(serial, out pem))
            {
                return pem;
            }

            var now = _time.GetUtcNow();
            if (_lastFetch is { } last && now - last < _cooldown)
            {
                return null;
            }

            _lastFetch = now;
            var fetched = await _certificates.GetAsync(cancellationToken).ConfigureAwait(false);
            _cache = fetched.ToDictionary(c => c.CertSerial, c => c.CertPublic, StringComparer.OrdinalIgnoreCase);
            return _cache.GetValueOrDefault(serial);
        }
        finally
        {
            _refresh.Release();
        }
    }
}

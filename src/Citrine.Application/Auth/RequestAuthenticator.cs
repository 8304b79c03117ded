using System.Collections.Concurrent;
using System.Globalization;
using Citrine.Application.Merchants;
using Citrine.Application.Requests;
using Citrine.Application.Security;
using Citrine.Contracts;
using Citrine.Contracts.Signing;

namespace Citrine.Application.Auth;

/// <summary>The merchant a signed request was verified for.</summary>
public sealed record VerifiedMerchant(long MerchantId, string ApiKey);

/// <summary>The four <c>BinancePay-*</c> request headers, as sent.</summary>
public sealed record SignedRequestHeaders(string? Timestamp, string? Nonce, string? ApiKey, string? Signature);

/// <summary>
/// Verifies a signed request (docs/api-reference.md#request-signing): key shape (400005), key known and live (400004),
/// merchant enabled (400203), timestamp window (400003), HMAC over the raw body (400002), then nonce replay (400001).
/// The nonce is recorded only after the signature verifies, so forged requests cannot burn a merchant's nonces; it
/// costs no durable commit (docs/adr/0005-nonces-without-a-commit.md).
/// </summary>
public sealed class RequestAuthenticator(
    IMerchantStore merchants, INonceStore nonces, SecretProtector protector, CitrineOptions options,
    TimeProvider time)
{
    /// <summary>How long a decrypted key stays cached; revocation and disabling take effect within it.</summary>
    public static readonly TimeSpan KeyCacheTtl = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (ApiKeyRecord Record, string Secret, long LoadedAtMs)> _keys =
        new(StringComparer.Ordinal);

    /// <summary>Verifies <paramref name="headers"/> over <paramref name="rawBody"/>; <paramref name="trace"/>, when
    /// given, records how far the checks got (the request journal's view of a refusal).</summary>
    public async Task<Result<VerifiedMerchant>> AuthenticateAsync(SignedRequestHeaders headers,
        ReadOnlyMemory<byte> rawBody, CancellationToken cancellationToken, AuthTrace? trace = null)
    {
        if (string.IsNullOrEmpty(headers.ApiKey) || !ApiKeyFormat.IsValid(headers.ApiKey))
        {
            return Result<VerifiedMerchant>.Fail(ResultCodes.BadApiKeyFmt,
                "BinancePay-Certificate-SN: the API key must be 64 lower-case letters or digits");
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = await LoadKeyAsync(headers.ApiKey, nowMs, cancellationToken).ConfigureAwait(false);
        if (trace is not null && key is { } identified)
        {
            trace.MerchantId = identified.Record.MerchantId;
        }

        if (key is not { } found || found.Record.Revoked)
        {
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidApiKeyOrIp,
                "BinancePay-Certificate-SN: API key not found or revoked");
        }

        if (found.Record.MerchantStatus != Merchant.Active)
        {
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidAccountStatus, "merchant account is disabled");
        }

        var wellFormed = long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture,
            out var timestampMs);
        if (!wellFormed || Math.Abs(nowMs - timestampMs) > options.TimestampWindowMs)
        {
            trace?.Timestamp = wellFormed ? CheckResults.OutsideWindow : CheckResults.Malformed;
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidTimestamp, string.Create(
                CultureInfo.InvariantCulture,
                $"BinancePay-Timestamp: must be Unix milliseconds within {options.TimestampWindowMs} ms of server time {nowMs}"));
        }

        trace?.Timestamp = CheckResults.Valid;
        if (!Nonce.IsValid(headers.Nonce))
        {
            trace?.Nonce = CheckResults.Malformed;
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidRequest,
                "BinancePay-Nonce: must be 32 letters or digits");
        }

        if (string.IsNullOrEmpty(headers.Signature)
            || !RequestSigner.Verify(found.Secret, headers.Timestamp!, headers.Nonce!, rawBody.Span, headers.Signature,
                options.StrictSignatureCase))
        {
            trace?.Nonce = CheckResults.Unused;
            trace?.Signature = CheckResults.Invalid;
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidSignature,
                "Signature for this request is not valid.");
        }

        var use = await nonces.TryUseAsync(headers.ApiKey, headers.Nonce!, timestampMs, nowMs, cancellationToken)
            .ConfigureAwait(false);
        trace?.Signature = CheckResults.Valid;
        trace?.Nonce = use == NonceUse.Replayed ? CheckResults.Replayed : CheckResults.Valid;
        if (use == NonceUse.Replayed)
        {
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidRequest,
                "BinancePay-Nonce: this nonce was already used by this API key");
        }

        if (use == NonceUse.BeforeRestart)
        {
            trace?.Timestamp = CheckResults.BeforeRestart;
            return Result<VerifiedMerchant>.Fail(ResultCodes.InvalidTimestamp,
                "BinancePay-Timestamp: signed before the server restarted after an unclean stop; sign the request again");
        }

        return Result<VerifiedMerchant>.Ok(new VerifiedMerchant(found.Record.MerchantId, headers.ApiKey));
    }

    /// <summary>
    /// The merchant a well-formed, known API key belongs to, without verifying anything else: the request journal
    /// files a request refused before authentication (media type, body size) under it.
    /// </summary>
    public async Task<long?> IdentifyAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiKey) || !ApiKeyFormat.IsValid(apiKey))
        {
            return null;
        }

        var key = await LoadKeyAsync(apiKey, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken)
            .ConfigureAwait(false);
        return key?.Record.MerchantId;
    }

    private async Task<(ApiKeyRecord Record, string Secret, long LoadedAtMs)?> LoadKeyAsync(string apiKey, long nowMs,
        CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(apiKey, out var cached) && nowMs - cached.LoadedAtMs < KeyCacheTtl.TotalMilliseconds)
        {
            return cached;
        }

        var record = await merchants.GetApiKeyAsync(apiKey, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            _keys.TryRemove(apiKey, out _);
            return null;
        }

        var entry = (record, protector.Unprotect(record.SecretCipher), nowMs);
        _keys[apiKey] = entry;
        return entry;
    }
}

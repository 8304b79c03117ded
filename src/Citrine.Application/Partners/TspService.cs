using System.Globalization;
using System.Text.Json;
using Citrine.Application.Merchants;
using Citrine.Application.Sandbox;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Partners;

namespace Citrine.Application.Partners;

/// <summary>
/// Technical service providers (docs/api-reference.md#technical-service-providers): the administrator makes a
/// merchant a provider with the scopes it may ask for; the provider asks another merchant for some of them
/// (PENDING); that merchant agrees or rejects on the review page, signing in with its own API key (AUTHORIZED with a
/// fresh token, or REJECTED), and the provider gets a TECH_PROVIDER webhook; the administrator can disable an
/// authorisation (TP_AUTH_DISABLED) or change the scopes of an AUTHORIZED one, as the merchant would in Binance's
/// merchant portal (TP_AUTH_CHANGED, same token). Delegated calls are resolved by <see cref="DelegateAsync"/>.
/// </summary>
public sealed class TspService(IPartnerStore store, IMerchantStore merchants, TimeProvider time)
{
    public const int RowsMax = 10;
    public const int CodeLength = 32;

    public async Task<Failure?> CheckProviderAsync(long merchantId, CancellationToken cancellationToken) =>
        await store.GetProviderAsync(merchantId, cancellationToken).ConfigureAwait(false) is null
            ? new Failure(ResultCodes.MerchantAccessForbidden,
                "this merchant is not a technical service provider")
            : null;

    public async Task<TspConfigResult> ConfigAsync(long providerId, CancellationToken cancellationToken)
    {
        var provider = await store.GetProviderAsync(providerId, cancellationToken).ConfigureAwait(false);
        return new TspConfigResult
        {
            AllowFeeShare = provider?.AllowFeeShare ?? false,
            AllowScopes = provider?.Scopes ?? [],
        };
    }

    public async Task<Result<TspCreateResult>> CreateAsync(long providerId, string merchantIdText,
        IReadOnlyList<string> scopes, IReadOnlyList<string> ipWhitelist, string baseUrl,
        CancellationToken cancellationToken)
    {
        var provider = await store.GetProviderAsync(providerId, cancellationToken).ConfigureAwait(false);
        if (provider is null)
        {
            return Result<TspCreateResult>.Fail(ResultCodes.MerchantAccessForbidden,
                "this merchant is not a technical service provider");
        }

        if (OutsideScopes(provider, scopes) is { } outside)
        {
            return outside;
        }

        if (await TargetAsync(providerId, merchantIdText, cancellationToken).ConfigureAwait(false) is not { } target)
        {
            return Result<TspCreateResult>.Fail(ResultCodes.InvalidRequest,
                "merchantId: no such active merchant (other than the provider)");
        }

        var nowMs = time.MerchantNowMs(providerId);
        var stored = await store.RequestAuthorizationAsync(new TspAuthorization(Ids.NewPrepayId(nowMs), providerId,
            target.MerchantId, "", Ids.NewToken(CodeLength), PartnerNames.Pending, [.. scopes.Distinct()],
            [.. ipWhitelist], nowMs, nowMs), cancellationToken).ConfigureAwait(false);
        var record = Record(stored, target.Name);
        return Result<TspCreateResult>.Ok(new TspCreateResult
        {
            AuthorizationId = record.AuthorizationId,
            MerchantName = record.MerchantName,
            AuthorizationToken = record.AuthorizationToken,
            MerchantId = record.MerchantId,
            Status = record.Status,
            Scopes = record.Scopes,
            IpWhitelist = record.IpWhitelist,
            RedirectUrl = ReviewUrl(baseUrl, stored.AuthorizationId),
        });
    }

    public static string ReviewUrl(string baseUrl, long authorizationId) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseUrl}{ReviewPath}?authId={authorizationId}");

    public const string ReviewPath = "/tsp/review-authorization";

    public async Task<Result<TspAuthRecord>> GetAsync(long providerId, string merchantIdText,
        CancellationToken cancellationToken)
    {
        var auth = long.TryParse(merchantIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var merchantId)
            ? await store.FindAuthorizationAsync(providerId, merchantId, cancellationToken).ConfigureAwait(false)
            : null;
        return auth is null
            ? Result<TspAuthRecord>.Fail(ResultCodes.InvalidRequest, "merchantId: no authorisation for this merchant")
            : Result<TspAuthRecord>.Ok(await RecordAsync(auth, cancellationToken).ConfigureAwait(false));
    }

    public async Task<TspRecordPage> PageAsync(long providerId, int page, int rows, string? merchantIdText,
        CancellationToken cancellationToken)
    {
        long? merchantId = null;
        if (!string.IsNullOrEmpty(merchantIdText))
        {
            if (!long.TryParse(merchantIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return new TspRecordPage { Total = 0, Rows = [] };
            }

            merchantId = parsed;
        }

        var (total, list) = await store.PageAuthorizationsAsync(providerId, merchantId, page, rows, cancellationToken)
            .ConfigureAwait(false);
        var records = new List<TspAuthRecord>();
        foreach (var auth in list)
        {
            records.Add(await RecordAsync(auth, cancellationToken).ConfigureAwait(false));
        }

        return new TspRecordPage { Total = total, Rows = records };
    }

    /// <summary>What the review page shows: the authorisation with the provider's and the merchant's names.</summary>
    public async Task<(TspAuthorization Auth, string ProviderName, string MerchantName)?> ReviewAsync(
        long authorizationId, CancellationToken cancellationToken)
    {
        if (await store.FindAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false) is not
            { } auth)
        {
            return null;
        }

        var provider = await merchants.GetMerchantAsync(auth.ProviderId, cancellationToken).ConfigureAwait(false);
        var merchant = await merchants.GetMerchantAsync(auth.MerchantId, cancellationToken).ConfigureAwait(false);
        return (auth, provider?.Name ?? "", merchant?.Name ?? "");
    }

    /// <summary>The merchant <paramref name="signedInMerchantId"/> (signed in with its API key) agrees or rejects;
    /// only the merchant the request names may decide, and only while it is PENDING.</summary>
    public async Task<Result<TspAuthorization>> DecideAsync(long authorizationId, long signedInMerchantId,
        bool approve, CancellationToken cancellationToken)
    {
        var auth = await store.FindAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        if (auth is null || auth.MerchantId != signedInMerchantId)
        {
            return Result<TspAuthorization>.Fail(ResultCodes.InvalidApiKeyOrIp,
                "this API key is not the key of the merchant this request names");
        }

        var token = approve ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))
            : null;
        var moved = await MoveAsync(auth, [PartnerNames.Pending],
            approve ? PartnerNames.Authorized : PartnerNames.Rejected,
            approve ? PartnerNames.SubmitAuthAgree : PartnerNames.SubmitAuthReject, token, cancellationToken)
            .ConfigureAwait(false);
        return moved is { } done
            ? Result<TspAuthorization>.Ok(done)
            : Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest, "this request was already answered");
    }

    /// <summary>The administrator disables an authorisation (PENDING or AUTHORIZED → DISABLED, TP_AUTH_DISABLED).</summary>
    public async Task<Result<TspAuthorization>> DisableAsync(long authorizationId, CancellationToken cancellationToken)
    {
        var auth = await store.FindAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        if (auth is null)
        {
            return Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest, "authorizationId: no such authorisation");
        }

        return await MoveAsync(auth, [PartnerNames.Pending, PartnerNames.Authorized], PartnerNames.Disabled,
                PartnerNames.AuthDisabled, null, cancellationToken).ConfigureAwait(false) is { } done
            ? Result<TspAuthorization>.Ok(done)
            : Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest, "this authorisation is not active");
    }

    /// <summary>
    /// The administrator, standing in for the merchant's portal, gives an AUTHORIZED authorisation other scopes
    /// (AUTHORIZED → AUTHORIZED, TP_AUTH_CHANGED with the new scopes and the same token). Only scopes the provider may
    /// still ask for; the same scopes again change nothing and send nothing.
    /// </summary>
    public async Task<Result<TspAuthorization>> ChangeScopesAsync(long authorizationId, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var auth = await store.FindAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        if (auth is null)
        {
            return Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest, "authorizationId: no such authorisation");
        }

        if (auth.Status != PartnerNames.Authorized)
        {
            return Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest,
                $"this authorisation is {auth.Status}; only an AUTHORIZED one changes its scopes");
        }

        var provider = await store.GetProviderAsync(auth.ProviderId, cancellationToken).ConfigureAwait(false);
        if (OutsideScopes(provider, scopes) is { } outside)
        {
            return outside;
        }

        IReadOnlyList<string> wanted = [.. scopes.Distinct()];
        if (wanted.Count == auth.Scopes.Count && wanted.All(auth.Scopes.Contains))
        {
            return Result<TspAuthorization>.Ok(auth);
        }

        var changed = auth with { Scopes = wanted };
        var nowMs = time.MerchantNowMs(auth.ProviderId);
        var webhook = await NotificationAsync(changed, PartnerNames.AuthChanged, null, nowMs, cancellationToken)
            .ConfigureAwait(false);
        return await store.ChangeAuthorizationScopesAsync(auth.AuthorizationId, wanted, nowMs, webhook,
                cancellationToken).ConfigureAwait(false)
            ? Result<TspAuthorization>.Ok(changed)
            : Result<TspAuthorization>.Fail(ResultCodes.InvalidRequest,
                "this authorisation is no longer AUTHORIZED; only an AUTHORIZED one changes its scopes");
    }

    /// <summary>
    /// A delegated call: the provider <paramref name="providerId"/> signed it with its own key and named the
    /// authorisation by its token. Answers the merchant it acts for, or 400606 when the token is not an AUTHORIZED
    /// authorisation of this provider, or the path needs a scope it was not granted (or is not delegable).
    /// </summary>
    public async Task<Result<long>> DelegateAsync(long providerId, string token, string path,
        CancellationToken cancellationToken)
    {
        var auth = token.Length is > 0 and <= 64
            ? await store.FindAuthorizationByTokenAsync(token, cancellationToken).ConfigureAwait(false)
            : null;
        if (auth is null || auth.ProviderId != providerId)
        {
            return Result<long>.Fail(ResultCodes.MerchantAccessForbidden,
                $"{PartnerNames.AuthorizationTokenHeader}: no authorisation of this provider has this token");
        }

        if (auth.Status != PartnerNames.Authorized)
        {
            return Result<long>.Fail(ResultCodes.MerchantAccessForbidden,
                $"{PartnerNames.AuthorizationTokenHeader}: the authorisation is {auth.Status}");
        }

        // A disabled merchant's own signed calls are refused (400203); a provider cannot act for it either.
        if (await merchants.GetMerchantAsync(auth.MerchantId, cancellationToken).ConfigureAwait(false) is not
            { IsActive: true })
        {
            return Result<long>.Fail(ResultCodes.InvalidAccountStatus,
                $"{PartnerNames.AuthorizationTokenHeader}: the authorising merchant is disabled");
        }

        var scope = TspScopes.Of(path);
        return scope is not null && auth.Scopes.Contains(scope)
            ? Result<long>.Ok(auth.MerchantId)
            : Result<long>.Fail(ResultCodes.MerchantAccessForbidden, scope is null
                ? "this endpoint cannot be called on behalf of a merchant"
                : $"the authorisation does not grant the {scope} scope");
    }

    private async Task<TspAuthorization?> MoveAsync(TspAuthorization auth, IReadOnlyList<string> from, string to,
        string bizStatus, string? token, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(auth.ProviderId);
        var webhook = await NotificationAsync(auth, bizStatus, token, nowMs, cancellationToken).ConfigureAwait(false);
        return await store.MoveAuthorizationAsync(auth.AuthorizationId, from, to, token, nowMs, webhook,
            cancellationToken).ConfigureAwait(false)
            ? auth with { Status = to, Token = token ?? auth.Token }
            : null;
    }

    /// <summary>The TECH_PROVIDER event to the provider about <paramref name="auth"/> (with <paramref name="token"/>
    /// when it is new).</summary>
    private async Task<OutboxEvent> NotificationAsync(TspAuthorization auth, string bizStatus, string? token,
        long nowMs, CancellationToken cancellationToken)
    {
        var merchant = await merchants.GetMerchantAsync(auth.MerchantId, cancellationToken).ConfigureAwait(false);
        var data = new TspNotificationData
        {
            AuthorizationId = auth.AuthorizationId.ToString(CultureInfo.InvariantCulture),
            AuthorizationToken = token ?? auth.Token,
            MerchantId = auth.MerchantId,
            MerchantName = merchant?.Name ?? "",
            Scopes = auth.Scopes,
        };
        return new OutboxEvent(auth.ProviderId,
            string.Create(CultureInfo.InvariantCulture, $"tsp:{auth.AuthorizationId}"), PartnerNames.BizTypeTechProvider,
            auth.AuthorizationId, bizStatus, JsonSerializer.Serialize(data, WireJson.Options), null, nowMs);
    }

    /// <summary>400102 naming the first of <paramref name="scopes"/> the provider may not ask for (all of them when it
    /// is no longer a provider); null when it may ask for every one.</summary>
    private static Failure? OutsideScopes(TspProvider? provider, IReadOnlyList<string> scopes) =>
        scopes.FirstOrDefault(s => provider is null || !provider.Scopes.Contains(s)) is { } outside
            ? new Failure(ResultCodes.InvalidParamWrongValue,
                $"scopes: {outside} is not among this provider's allowed scopes")
            : null;

    private async Task<Merchant?> TargetAsync(long providerId, string merchantIdText,
        CancellationToken cancellationToken) =>
        long.TryParse(merchantIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var merchantId)
        && merchantId != providerId
        && await merchants.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false) is
        { Status: Merchant.Active } merchant
            ? merchant
            : null;

    private async Task<TspAuthRecord> RecordAsync(TspAuthorization auth, CancellationToken cancellationToken) =>
        Record(auth, (await merchants.GetMerchantAsync(auth.MerchantId, cancellationToken).ConfigureAwait(false))
            ?.Name ?? "");

    private static TspAuthRecord Record(TspAuthorization auth, string merchantName) => new()
    {
        AuthorizationId = auth.AuthorizationId.ToString(CultureInfo.InvariantCulture),
        MerchantName = merchantName,
        AuthorizationToken = auth.Status == PartnerNames.Authorized ? auth.Token : "",
        MerchantId = auth.MerchantId.ToString(CultureInfo.InvariantCulture),
        Status = auth.Status,
        Scopes = auth.Scopes,
        IpWhitelist = auth.IpWhitelist,
    };
}

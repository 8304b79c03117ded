using Citrine.Application.Webhooks;

namespace Citrine.Application.Partners;

/// <summary>A share account id request as stored (migration 0021). <paramref name="Status"/> is CREATED or SHARED;
/// expiry is read from <paramref name="ExpireAtMs"/> against the merchant's clock.</summary>
public sealed record ShareRequest(long Id, long MerchantId, string RequestId, long? SubMerchantId, string? WebhookUrl,
    string Code, long ExpireAtMs, string Status, long? BuyerId, long CreatedAtMs);

/// <summary>A merchant the administrator made a technical service provider.</summary>
public sealed record TspProvider(long MerchantId, IReadOnlyList<string> Scopes, bool AllowFeeShare);

/// <summary>An authorisation of <paramref name="ProviderId"/> by <paramref name="MerchantId"/> (migration 0021).
/// <paramref name="Token"/> is empty until the merchant agrees.</summary>
public sealed record TspAuthorization(long AuthorizationId, long ProviderId, long MerchantId, string Token, string Code,
    string Status, IReadOnlyList<string> Scopes, IReadOnlyList<string> IpWhitelist, long CreatedAtMs,
    long UpdatedAtMs);

/// <summary>A scan of a merchant-owned QR code; <paramref name="OrderPrepayId"/> is the v3 order that consumed it.</summary>
public sealed record MerchantQrScan(long ReferId, long MerchantId, string QrContent, string QrCodeType,
    string? Amount, string? Currency, long? OrderPrepayId, long CreatedAtMs);

/// <summary>
/// Storage port of the partner calls. Every state change is one conditional update, and the webhook it sends is
/// written in the same transaction (the outbox), so a request is shared, or an authorisation decided, exactly once.
/// </summary>
public interface IPartnerStore
{
    /// <summary>Inserts <paramref name="request"/>, or answers the row already stored under its
    /// (merchant, requestId); <c>Created</c> says which.</summary>
    Task<(ShareRequest Request, bool Created)> InsertShareAsync(ShareRequest request,
        CancellationToken cancellationToken);

    Task<ShareRequest?> FindShareByCodeAsync(string code, CancellationToken cancellationToken);

    Task<ShareRequest?> FindShareAsync(long merchantId, string requestId, CancellationToken cancellationToken);

    /// <summary>CREATED → SHARED by <paramref name="buyerId"/> with the webhook, while the request has not expired at
    /// <paramref name="merchantNowMs"/>; false when it had already moved or lapsed.</summary>
    Task<bool> ShareAsync(long id, long buyerId, long merchantNowMs, OutboxEvent webhook,
        CancellationToken cancellationToken);

    Task<TspProvider?> GetProviderAsync(long merchantId, CancellationToken cancellationToken);

    /// <summary>Makes the merchant a provider with these scopes, or (null) takes the role away.</summary>
    Task SetProviderAsync(long merchantId, TspProvider? provider, CancellationToken cancellationToken);

    /// <summary>Inserts a PENDING authorisation, or makes a REJECTED or DISABLED one of the same pair PENDING again
    /// with the new scopes; answers the stored row (a PENDING or AUTHORIZED one is answered unchanged).</summary>
    Task<TspAuthorization> RequestAuthorizationAsync(TspAuthorization candidate, CancellationToken cancellationToken);

    Task<TspAuthorization?> FindAuthorizationAsync(long authorizationId, CancellationToken cancellationToken);

    Task<TspAuthorization?> FindAuthorizationAsync(long providerId, long merchantId,
        CancellationToken cancellationToken);

    Task<TspAuthorization?> FindAuthorizationByTokenAsync(string token, CancellationToken cancellationToken);

    /// <summary>One page (1-based) of a provider's authorisations, newest first, with the total.</summary>
    Task<(long Total, IReadOnlyList<TspAuthorization> Rows)> PageAuthorizationsAsync(long providerId,
        long? merchantId, int page, int rows, CancellationToken cancellationToken);

    /// <summary>Moves an authorisation from one of <paramref name="from"/> to <paramref name="target"/> (with
    /// <paramref name="token"/> when not null) and writes the webhook; false when it was not in those states.</summary>
    Task<bool> MoveAuthorizationAsync(long authorizationId, IReadOnlyList<string> from, string target, string? token,
        long nowMs, OutboxEvent webhook, CancellationToken cancellationToken);

    /// <summary>Gives an AUTHORIZED authorisation <paramref name="scopes"/> and writes the webhook, in one transaction;
    /// false when it is no longer AUTHORIZED (the database decides a race with a disabling).</summary>
    Task<bool> ChangeAuthorizationScopesAsync(long authorizationId, IReadOnlyList<string> scopes, long nowMs,
        OutboxEvent webhook, CancellationToken cancellationToken);

    /// <summary>Records a scan with its MERCHANT_QR_CODE webhook.</summary>
    Task InsertScanAsync(MerchantQrScan scan, OutboxEvent webhook, CancellationToken cancellationToken);

    /// <summary>Moves the merchant's scan's order from <paramref name="from"/> to <paramref name="target"/> (null: no
    /// order); false when it is unknown, another merchant's or not at <paramref name="from"/>.</summary>
    Task<bool> MoveScanAsync(long merchantId, long referId, long? from, long? target,
        CancellationToken cancellationToken);
}

using System.Globalization;
using System.Text.Json;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Application.Sandbox;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Partners;

namespace Citrine.Application.Partners;

/// <summary>How a share request reads now: its row, its status (CREATED, SHARED or EXPIRED on the merchant's clock),
/// the merchant's name and the sandbox buyers the merchant may use (who may approve it).</summary>
public sealed record ShareView(ShareRequest Request, string Status, string MerchantName, long RemainingMs,
    IReadOnlyList<Buyer> Buyers);

/// <summary>
/// Share account id (docs/api-reference.md#share-account-id): a request is created once per (merchant, requestId) —
/// a replay answers the stored request unchanged (docs/compatibility.md#share-account-id) — and lives one hour on the
/// merchant's clock. A sandbox buyer the merchant may use approves it on the consent page or through the sandbox
/// helper; approval is CREATED → SHARED once, with the SHARE_ACCOUNT_ID webhook in the same transaction. An expired
/// request cannot be approved and sends nothing.
/// </summary>
public sealed class ShareAccountService(IPartnerStore store, IBuyerStore buyers, IMerchantStore merchants,
    TimeProvider time)
{
    public const string Created = "CREATED";
    public const string Shared = "SHARED";
    public const string Expired = "EXPIRED";

    /// <summary>Length of the consent page's capability code.</summary>
    public const int CodeLength = 32;

    public async Task<Result<ShareRequest>> CreateAsync(long merchantId, string requestId, long? subMerchantId,
        string? webhookUrl, CancellationToken cancellationToken)
    {
        if (subMerchantId is { } sub
            && await merchants.GetSubMerchantAsync(merchantId, sub, cancellationToken).ConfigureAwait(false) is not
            { Status: Merchant.Active })
        {
            return Result<ShareRequest>.Fail(ResultCodes.SubMerchantInvalid,
                "subMerchantId: no such active sub-merchant under this merchant");
        }

        var nowMs = time.MerchantNowMs(merchantId);
        for (var attempt = 0; ; attempt++)
        {
            var candidate = new ShareRequest(Ids.NewPrepayId(nowMs), merchantId, requestId, subMerchantId, webhookUrl,
                Ids.NewToken(CodeLength), nowMs + PartnerNames.ShareLifetimeMs, Created, null, nowMs);
            try
            {
                var (stored, _) = await store.InsertShareAsync(candidate, cancellationToken).ConfigureAwait(false);
                return Result<ShareRequest>.Ok(stored);
            }
            catch (Reports.DuplicateIdException) when (attempt < 3)
            {
                // Another request drew the same id or code: draw again.
            }
        }
    }

    /// <summary>The request behind a consent page's code, as it reads now; null for an unknown code.</summary>
    public async Task<ShareView?> ViewAsync(string code, CancellationToken cancellationToken)
    {
        if (await store.FindShareByCodeAsync(code, cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return null;
        }

        var nowMs = time.MerchantNowMs(request.MerchantId);
        var merchant = await merchants.GetMerchantAsync(request.MerchantId, cancellationToken).ConfigureAwait(false);
        var usable = StatusOf(request, nowMs) == Created
            ? await buyers.ListUsableAsync(request.MerchantId, BuyerAdmin.ListMax, cancellationToken)
                .ConfigureAwait(false)
            : [];
        return new ShareView(request, StatusOf(request, nowMs), merchant?.Name ?? "",
            Math.Max(0, request.ExpireAtMs - nowMs), usable);
    }

    /// <summary>The merchant's request by its requestId (the sandbox helper's lookup).</summary>
    public Task<ShareRequest?> FindAsync(long merchantId, string requestId, CancellationToken cancellationToken) =>
        store.FindShareAsync(merchantId, requestId, cancellationToken);

    /// <summary>The buyer agrees: SHARED and the SHARE_ACCOUNT_ID webhook, or the reason it cannot be.</summary>
    public async Task<Result<ShareAccountIdNotificationData>> ApproveAsync(ShareRequest request, long buyerId,
        CancellationToken cancellationToken)
    {
        var buyer = await buyers.GetAsync(buyerId, cancellationToken).ConfigureAwait(false);
        if (buyer is null || !buyer.UsableBy(request.MerchantId))
        {
            return Result<ShareAccountIdNotificationData>.Fail(ResultCodes.SandboxBuyerNotFound,
                "buyerId: no such sandbox buyer usable by this merchant");
        }

        var nowMs = time.MerchantNowMs(request.MerchantId);
        var data = new ShareAccountIdNotificationData
        {
            RequestId = request.RequestId,
            UserBinanceId = buyer.Identity.BinanceId.ToString(CultureInfo.InvariantCulture),
            UserName = buyer.Name,
        };
        var webhook = new OutboxEvent(request.MerchantId,
            string.Create(CultureInfo.InvariantCulture, $"share:{request.Id}"), PartnerNames.BizTypeShareAccountId,
            request.Id, PartnerNames.Success, JsonSerializer.Serialize(data, WireJson.Options), request.WebhookUrl,
            nowMs);
        if (await store.ShareAsync(request.Id, buyerId, nowMs, webhook, cancellationToken).ConfigureAwait(false))
        {
            return Result<ShareAccountIdNotificationData>.Ok(data);
        }

        var current = await store.FindShareAsync(request.MerchantId, request.RequestId, cancellationToken)
            .ConfigureAwait(false) ?? request;
        return Result<ShareAccountIdNotificationData>.Fail(ResultCodes.InvalidRequest, StatusOf(current, nowMs) == Shared
            ? "the account id was already shared for this request"
            : "the request has expired");
    }

    public static string StatusOf(ShareRequest request, long merchantNowMs) =>
        request.Status == Shared ? Shared : merchantNowMs >= request.ExpireAtMs ? Expired : Created;
}

using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Partners;

/// <summary>The names of the partner calls (docs/api-reference.md#partners).</summary>
public static class PartnerNames
{
    /// <summary>The webhook's bizType when a buyer agreed to share its Binance ID.</summary>
    public const string BizTypeShareAccountId = "SHARE_ACCOUNT_ID";

    /// <summary>The webhook's bizType of a technical service provider's authorisation.</summary>
    public const string BizTypeTechProvider = "TECH_PROVIDER";

    /// <summary>The webhook's bizType of a scan of a merchant-owned QR code.</summary>
    public const string BizTypeMerchantQrCode = "MERCHANT_QR_CODE";

    /// <summary>The bizStatus of a scan (Binance's spelling).</summary>
    public const string MerchantQrCodeScanned = "MERCHANT_QR_CODE_SCANED";

    public const string Success = "SUCCESS";

    public const string SubmitAuthAgree = "SUBMIT_AUTH_AGREE";
    public const string SubmitAuthReject = "SUBMIT_AUTH_REJECT";
    public const string AuthChanged = "TP_AUTH_CHANGED";
    public const string AuthDisabled = "TP_AUTH_DISABLED";

    /// <summary>The header naming the authorisation a provider's delegated call uses
    /// (docs/compatibility.md#technical-service-providers).</summary>
    public const string AuthorizationTokenHeader = "BinancePay-Authorization-Token";

    /// <summary>How long a share request stays open by default: one hour, as the documents say.</summary>
    public const long ShareLifetimeMs = 60 * 60 * 1000;

    public const string Pending = "PENDING";
    public const string Authorized = "AUTHORIZED";
    public const string Rejected = "REJECTED";
    public const string Disabled = "DISABLED";

    /// <summary>The statuses of an authorisation.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [Pending, Authorized, Rejected, Disabled];

    public const string FixedAmount = "FIXED_AMOUNT";
    public const string UserInputAmount = "USER_INPUT_AMOUNT";

    /// <summary>The scopes a provider may be granted (the documents' list).</summary>
    public static IReadOnlyList<string> Scopes { get; } =
        ["CONVERT", "REFUND", "CHECKOUT", "PAYOUT", "REPORT", "INTERNAL_TRANSFER", "BALANCE"];

    public static IReadOnlyList<string> QrCodeTypes { get; } = [FixedAmount, UserInputAmount];
}

/// <summary>Share account id (<c>POST /binancepay/openapi/shareinfo/accountId</c>): a consent request shown to a
/// Binance user as a QR code; <c>requestId</c> is the idempotency key.</summary>
public sealed record ShareAccountIdRequest
{
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }

    /// <summary>Letters and digits, at most 32.</summary>
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }

    /// <summary>Overrides the merchant's webhook URL for the SHARE_ACCOUNT_ID webhook of this request.</summary>
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}

/// <summary>The answer of share account id.</summary>
public sealed record ShareAccountIdResult
{
    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }

    /// <summary>The request's id (the webhook's bizId).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("requestId")] public required string RequestId { get; init; }

    /// <summary>When the request lapses, ms (merchant's sandbox clock).</summary>
    [JsonPropertyName("expireTime")] public long ExpireTime { get; init; }

    /// <summary>The text of the QR code: the consent page's URL.</summary>
    [JsonPropertyName("qrcodeContent")] public required string QrcodeContent { get; init; }

    /// <summary>A PNG of the QR code.</summary>
    [JsonPropertyName("qrcodeUrl")] public required string QrcodeUrl { get; init; }
}

/// <summary>The <c>data</c> of a <c>SHARE_ACCOUNT_ID</c> webhook.</summary>
public sealed record ShareAccountIdNotificationData
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }

    [JsonPropertyName("userBinanceId")] public required string UserBinanceId { get; init; }

    [JsonPropertyName("userName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserName { get; init; }
}

/// <summary>Technical service provider config query (<c>…/service/provider/config/query</c>): no field.</summary>
public sealed record TspConfigQueryRequest;

/// <summary>Technical service provider config (<c>…/service/provider/config/query</c>).</summary>
public sealed record TspConfigResult
{
    [JsonPropertyName("allowFeeShare")] public bool AllowFeeShare { get; init; }
    [JsonPropertyName("allowScopes")] public required IReadOnlyList<string> AllowScopes { get; init; }
}

/// <summary>Create an authorisation request (<c>…/service/provider/create</c>).</summary>
public sealed record TspCreateRequest
{
    [JsonPropertyName("merchantId")] public required string MerchantId { get; init; }
    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    [JsonPropertyName("ipWhitelist")] public required IReadOnlyList<string> IpWhitelist { get; init; }
}

/// <summary>One authorisation of a provider by a merchant.</summary>
public record TspAuthRecord
{
    [JsonPropertyName("authorizationId")] public required string AuthorizationId { get; init; }
    [JsonPropertyName("merchantName")] public required string MerchantName { get; init; }

    /// <summary>Empty until the merchant authorised the provider.</summary>
    [JsonPropertyName("authorizationToken")] public required string AuthorizationToken { get; init; }

    [JsonPropertyName("merchantId")] public required string MerchantId { get; init; }

    /// <summary>PENDING, AUTHORIZED, REJECTED or DISABLED.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    [JsonPropertyName("ipWhitelist")] public required IReadOnlyList<string> IpWhitelist { get; init; }
}

/// <summary>The answer of create: the record and the consent page the merchant is sent to.</summary>
public sealed record TspCreateResult : TspAuthRecord
{
    [JsonPropertyName("redirectUrl")] public required string RedirectUrl { get; init; }
}

/// <summary>One authorisation by merchant (<c>…/service/provider/record/get</c>).</summary>
public sealed record TspRecordGetRequest
{
    [JsonPropertyName("merchantId")] public required string MerchantId { get; init; }
}

/// <summary>A page of authorisations (<c>…/service/provider/record</c>).</summary>
public sealed record TspRecordPageRequest
{
    [JsonPropertyName("page")] public int Page { get; init; }

    /// <summary>At most 10.</summary>
    [JsonPropertyName("rows")] public int Rows { get; init; }

    [JsonPropertyName("merchantId")] public string? MerchantId { get; init; }
}

public sealed record TspRecordPage
{
    [JsonPropertyName("total")] public long Total { get; init; }
    [JsonPropertyName("rows")] public required IReadOnlyList<TspAuthRecord> Rows { get; init; }
}

/// <summary>The <c>data</c> of a <c>TECH_PROVIDER</c> webhook (merchantId a number here, as the sample).</summary>
public sealed record TspNotificationData
{
    [JsonPropertyName("authorizationId")] public required string AuthorizationId { get; init; }
    [JsonPropertyName("authorizationToken")] public required string AuthorizationToken { get; init; }
    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }
    [JsonPropertyName("merchantName")] public required string MerchantName { get; init; }
    [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
}

/// <summary>The <c>data</c> of a <c>MERCHANT_QR_CODE</c> webhook: a JSON object, not a string.</summary>
public sealed record MerchantQrCodeNotificationData
{
    [JsonPropertyName("qrContent")] public required string QrContent { get; init; }
    [JsonPropertyName("referId")] public required string ReferId { get; init; }
    [JsonPropertyName("qrCodeType")] public required string QrCodeType { get; init; }

    [JsonPropertyName("amount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Amount { get; init; }

    [JsonPropertyName("currency")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; init; }
}

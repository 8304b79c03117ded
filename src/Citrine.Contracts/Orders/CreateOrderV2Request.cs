using System.Text.Json.Serialization;

namespace Citrine.Contracts.Orders;

/// <summary>Create Order V2 (<c>POST /binancepay/openapi/v2/order</c>), field names exactly as the seed page
/// (docs/api-reference.md#create-order-v2).</summary>
public sealed record CreateOrderV2Request
{
    [JsonPropertyName("merchant")] public OrderMerchant? Merchant { get; init; }
    [JsonPropertyName("env")] public required OrderEnv Env { get; init; }
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("orderAmount")] public required decimal OrderAmount { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("goods")] public required OrderGoods Goods { get; init; }
    [JsonPropertyName("shipping")] public OrderShipping? Shipping { get; init; }
    [JsonPropertyName("buyer")] public OrderBuyer? Buyer { get; init; }
    [JsonPropertyName("returnUrl")] public string? ReturnUrl { get; init; }
    [JsonPropertyName("cancelUrl")] public string? CancelUrl { get; init; }
    [JsonPropertyName("orderExpireTime")] public long? OrderExpireTime { get; init; }
    [JsonPropertyName("supportPayCurrency")] public string? SupportPayCurrency { get; init; }
    [JsonPropertyName("appId")] public string? AppId { get; init; }
    [JsonPropertyName("universalUrlAttach")] public string? UniversalUrlAttach { get; init; }
    [JsonPropertyName("passThroughInfo")] public string? PassThroughInfo { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }

    /// <summary>Tags of the order; <c>ifProfitSharing</c> allows profit-sharing splits of it.</summary>
    [JsonPropertyName("orderTags")] public OrderTags? OrderTags { get; init; }
}

/// <summary>The <c>merchant</c> object of v2/v3 orders.</summary>
public sealed record OrderMerchant
{
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }
}

/// <summary>The <c>env</c> object: where the buyer pays from.</summary>
public sealed record OrderEnv
{
    [JsonPropertyName("terminalType")] public required string TerminalType { get; init; }
    [JsonPropertyName("osType")] public string? OsType { get; init; }
    [JsonPropertyName("orderClientIp")] public string? OrderClientIp { get; init; }
    [JsonPropertyName("cookieId")] public string? CookieId { get; init; }
}

/// <summary>The <c>goods</c> object of v2 (and each entry of v3 <c>goodsDetails</c>).</summary>
public sealed record OrderGoods
{
    [JsonPropertyName("goodsType")] public required string GoodsType { get; init; }
    [JsonPropertyName("goodsCategory")] public required string GoodsCategory { get; init; }
    [JsonPropertyName("referenceGoodsId")] public required string ReferenceGoodsId { get; init; }
    [JsonPropertyName("goodsName")] public required string GoodsName { get; init; }
    [JsonPropertyName("goodsDetail")] public string? GoodsDetail { get; init; }
    [JsonPropertyName("goodsUnitAmount")] public GoodsUnitAmount? GoodsUnitAmount { get; init; }
    [JsonPropertyName("goodsQuantity")] public string? GoodsQuantity { get; init; }
}

/// <summary>Price of one unit of goods.</summary>
public sealed record GoodsUnitAmount
{
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
}

/// <summary>A person's name as v2 shipping and buyer objects carry it.</summary>
public sealed record PersonName
{
    [JsonPropertyName("firstName")] public required string FirstName { get; init; }
    [JsonPropertyName("middleName")] public string? MiddleName { get; init; }
    [JsonPropertyName("lastName")] public required string LastName { get; init; }
}

/// <summary>The <c>shipping</c> object.</summary>
public sealed record OrderShipping
{
    [JsonPropertyName("shippingName")] public PersonName? ShippingName { get; init; }
    [JsonPropertyName("shippingAddress")] public ShippingAddress? ShippingAddress { get; init; }
    [JsonPropertyName("shippingPhoneNo")] public string? ShippingPhoneNo { get; init; }
}

/// <summary>The <c>shippingAddress</c> object.</summary>
public sealed record ShippingAddress
{
    [JsonPropertyName("region")] public required string Region { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
    [JsonPropertyName("zipCode")] public string? ZipCode { get; init; }
    [JsonPropertyName("shippingAddressType")] public string? ShippingAddressType { get; init; }
}

/// <summary>The <c>buyer</c> object.</summary>
public sealed record OrderBuyer
{
    [JsonPropertyName("referenceBuyerId")] public string? ReferenceBuyerId { get; init; }
    [JsonPropertyName("buyerName")] public PersonName? BuyerName { get; init; }
    [JsonPropertyName("buyerPhoneCountryCode")] public string? BuyerPhoneCountryCode { get; init; }
    [JsonPropertyName("buyerPhoneNo")] public string? BuyerPhoneNo { get; init; }
    [JsonPropertyName("buyerEmail")] public string? BuyerEmail { get; init; }
    [JsonPropertyName("buyerRegistrationTime")] public long? BuyerRegistrationTime { get; init; }
    [JsonPropertyName("buyerBrowserLanguage")] public string? BuyerBrowserLanguage { get; init; }
}

/// <summary>The <c>orderTags</c> object of Create Order v2 and v3.</summary>
public sealed record OrderTags
{
    /// <summary>True: the order can be split among profit-sharing receivers once paid.</summary>
    [JsonPropertyName("ifProfitSharing")] public bool? IfProfitSharing { get; init; }
}

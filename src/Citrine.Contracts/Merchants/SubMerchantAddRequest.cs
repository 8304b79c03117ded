using System.Text.Json.Serialization;

namespace Citrine.Contracts.Merchants;

/// <summary>The fields a sub-merchant is created and modified with (docs/api-reference.md#sub-merchants): the
/// current add table of the Binance document. Null members are left out of the request.</summary>
public abstract record SubMerchantDetails
{
    /// <summary>At most 128 characters, unique among the partner's sub-merchants.</summary>
    [JsonPropertyName("merchantName")] public required string MerchantName { get; init; }

    /// <summary><c>0</c> online, <c>1</c> physical, <c>-1</c> both.</summary>
    [JsonPropertyName("storeType")] public required int StoreType { get; init; }

    /// <summary>A 4-digit code of Binance's list; <c>9999</c> (other) needs <see cref="PayIndustryDescription"/>.</summary>
    [JsonPropertyName("merchantMcc")] public required string MerchantMcc { get; init; }

    /// <summary><c>1</c> individual, <c>2</c> sole proprietor, <c>3</c> partnership, <c>4</c> private company,
    /// <c>5</c> other company.</summary>
    [JsonPropertyName("merchantType")] public int? MerchantType { get; init; }

    /// <summary>ISO-2 codes, comma-separated (<c>"SG,US"</c>), or <c>GO</c> for global.</summary>
    [JsonPropertyName("country")] public string? Country { get; init; }

    /// <summary>Needed for online stores (storeType 0 or -1).</summary>
    [JsonPropertyName("siteUrl")] public string? SiteUrl { get; init; }

    /// <summary>Needed for physical stores (storeType 1 or -1).</summary>
    [JsonPropertyName("address")] public string? Address { get; init; }

    [JsonPropertyName("payIndustryDescription")] public string? PayIndustryDescription { get; init; }
    [JsonPropertyName("subPayMccCode")] public string? SubPayMccCode { get; init; }
    [JsonPropertyName("subPayIndustryDescription")] public string? SubPayIndustryDescription { get; init; }
    [JsonPropertyName("brandLogo")] public string? BrandLogo { get; init; }
    [JsonPropertyName("companyName")] public string? CompanyName { get; init; }
    [JsonPropertyName("registrationNumber")] public string? RegistrationNumber { get; init; }
    [JsonPropertyName("registrationCountry")] public string? RegistrationCountry { get; init; }
    [JsonPropertyName("registrationAddress")] public string? RegistrationAddress { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("incorporationDate")] public long? IncorporationDate { get; init; }

    /// <summary><c>1</c> ID card, <c>2</c> passport.</summary>
    [JsonPropertyName("certificateType")] public int? CertificateType { get; init; }
    [JsonPropertyName("certificateCountry")] public string? CertificateCountry { get; init; }
    [JsonPropertyName("certificateNumber")] public string? CertificateNumber { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("certificateValidDate")] public long? CertificateValidDate { get; init; }

    /// <summary>Unix milliseconds: the contract date with the partner.</summary>
    [JsonPropertyName("contractTimeIsv")] public long? ContractTimeIsv { get; init; }

    /// <summary>ISO-2 codes: sandbox buyers whose nationality or residence is one of them cannot pay this
    /// sub-merchant's orders.</summary>
    [JsonPropertyName("blockPayerKycCountries")] public IReadOnlyList<string>? BlockPayerKycCountries { get; init; }

    /// <summary>Middle document revision: <c>1</c> web, <c>2</c> app, <c>3</c> Binance applet, <c>4</c> other.</summary>
    [JsonPropertyName("siteType")] public int? SiteType { get; init; }

    /// <summary>Middle document revision: at most 32 characters.</summary>
    [JsonPropertyName("siteName")] public string? SiteName { get; init; }
}

/// <summary>Create Sub-merchant (<c>POST /binancepay/openapi/submerchant/add</c>, docs/api-reference.md#sub-merchants).</summary>
public sealed record SubMerchantAddRequest : SubMerchantDetails;

/// <summary>Modify Sub-merchant (<c>POST /binancepay/openapi/submerchant/modify</c>): a full replacement of the
/// fields, so the required ones are sent again.</summary>
public sealed record SubMerchantModifyRequest : SubMerchantDetails
{
    /// <summary>The sub-merchant's id, digits only.</summary>
    [JsonPropertyName("subMerchantId")] public required string SubMerchantId { get; init; }
}

/// <summary>The sub-merchant's id (add and modify).</summary>
public sealed record SubMerchantAddResult
{
    [JsonPropertyName("subMerchantId")][JsonConverter(typeof(Json.FlexibleLongConverter))] public long SubMerchantId { get; init; }
}

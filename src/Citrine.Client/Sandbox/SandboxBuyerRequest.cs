using System.Text.Json.Serialization;

namespace Citrine.Client.Sandbox;

/// <summary>What <see cref="SandboxClient.CreateBuyerAsync"/> creates: a named buyer, its opening funds, and any part
/// of its identity to choose (the rest is generated). Citrine-only.</summary>
public sealed record SandboxBuyerRequest
{
    /// <summary>The buyer's display name (1 to 128 characters).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Opening funds: asset to amount, for example <c>{"USDT": "1000"}</c>.</summary>
    [JsonPropertyName("funds")] public IReadOnlyDictionary<string, string>? Funds { get; init; }

    /// <summary>The numeric Binance ID to give the buyer (unique); null generates one.</summary>
    [JsonPropertyName("binanceId")] public long? BinanceId { get; init; }

    /// <summary>The numeric Pay ID to give the buyer (unique); null generates one.</summary>
    [JsonPropertyName("payId")] public long? PayId { get; init; }

    /// <summary>The registration e-mail (unique, compared ignoring case); null generates one.</summary>
    [JsonPropertyName("email")] public string? Email { get; init; }

    /// <summary>The phone's country code, digits only (for example <c>971</c>).</summary>
    [JsonPropertyName("mobileCode")] public string? MobileCode { get; init; }

    /// <summary>The phone number, digits only (unique with its country code); null generates one.</summary>
    [JsonPropertyName("mobileNumber")] public string? MobileNumber { get; init; }

    /// <summary>KYC first name (payer verification).</summary>
    [JsonPropertyName("firstName")] public string? FirstName { get; init; }

    /// <summary>KYC last name.</summary>
    [JsonPropertyName("lastName")] public string? LastName { get; init; }

    /// <summary>KYC date of birth, <c>YYYY-MM-DD</c>.</summary>
    [JsonPropertyName("dateOfBirth")] public string? DateOfBirth { get; init; }

    /// <summary>KYC nationality, ISO-2.</summary>
    [JsonPropertyName("nationality")] public string? Nationality { get; init; }

    /// <summary>KYC country of residence, ISO-2.</summary>
    [JsonPropertyName("countryOfResidence")] public string? CountryOfResidence { get; init; }

    /// <summary>True for a buyer whose KYC is not completed (payer verification answers 409004).</summary>
    [JsonPropertyName("kycIncomplete")] public bool? KycIncomplete { get; init; }
}

/// <summary>What <see cref="SandboxClient.SetBuyerKycAsync"/> sets: the KYC profile of a buyer the calling merchant
/// may use; parts left out become unknown. Citrine-only.</summary>
public sealed record SandboxBuyerKycRequest
{
    /// <summary>The buyer's id.</summary>
    [JsonPropertyName("buyerId")] public required long BuyerId { get; init; }

    /// <summary>KYC first name (payer verification).</summary>
    [JsonPropertyName("firstName")] public string? FirstName { get; init; }

    /// <summary>KYC last name.</summary>
    [JsonPropertyName("lastName")] public string? LastName { get; init; }

    /// <summary>KYC date of birth, <c>YYYY-MM-DD</c>.</summary>
    [JsonPropertyName("dateOfBirth")] public string? DateOfBirth { get; init; }

    /// <summary>KYC nationality, ISO-2.</summary>
    [JsonPropertyName("nationality")] public string? Nationality { get; init; }

    /// <summary>KYC country of residence, ISO-2.</summary>
    [JsonPropertyName("countryOfResidence")] public string? CountryOfResidence { get; init; }

    /// <summary>True for a buyer whose KYC is not completed (payer verification answers 409004).</summary>
    [JsonPropertyName("kycIncomplete")] public bool? KycIncomplete { get; init; }
}

using System.Text.Json.Serialization;

namespace Citrine.Contracts.Wallets;

/// <summary>Wallet Balance v1 (<c>POST /binancepay/openapi/balance</c>, docs/api-reference.md#wallet-balance):
/// one wallet and one asset.</summary>
public sealed record WalletBalanceRequest
{
    /// <summary><see cref="WalletNames.FundingWallet"/> or <see cref="WalletNames.SpotWallet"/>.</summary>
    [JsonPropertyName("wallet")] public required string Wallet { get; init; }

    [JsonPropertyName("currency")] public required string Currency { get; init; }
}

/// <summary>Wallet Balance v2 (<c>POST /binancepay/openapi/v2/balance</c>): without <c>currency</c>, every asset the
/// wallet ever held.</summary>
public sealed record WalletBalanceV2Request
{
    [JsonPropertyName("wallet")] public required string Wallet { get; init; }

    [JsonPropertyName("currency")] public string? Currency { get; init; }
}

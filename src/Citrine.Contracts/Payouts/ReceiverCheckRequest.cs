using System.Text.Json.Serialization;

namespace Citrine.Contracts.Payouts;

/// <summary>Payout receiver check (<c>POST /binancepay/openapi/payout/receiver/check</c>,
/// docs/api-reference.md#payout-receiver-check); the answer's <c>data</c> is a boolean.</summary>
public sealed record ReceiverCheckRequest
{
    /// <summary><see cref="ReceiveTypes.BinanceId"/> or <see cref="ReceiveTypes.PayId"/>.</summary>
    [JsonPropertyName("receiveType")] public required string ReceiveType { get; init; }

    [JsonPropertyName("receiverId")] public required string ReceiverId { get; init; }

    [JsonPropertyName("registrationEmail")] public string? RegistrationEmail { get; init; }

    [JsonPropertyName("registrationMobileNumber")] public string? RegistrationMobileNumber { get; init; }

    /// <summary>The country code, for example <c>971</c>.</summary>
    [JsonPropertyName("registrationMobileCode")] public string? RegistrationMobileCode { get; init; }

    /// <summary>The buyer's <c>openUserId</c> with the calling merchant, as PAY webhooks carry it.</summary>
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
}

/// <summary>The <c>receiveType</c> values a receiver check takes.</summary>
public static class ReceiveTypes
{
    public const string BinanceId = "BINANCE_ID";
    public const string PayId = "PAY_ID";

    public static IReadOnlyList<string> Checkable { get; } = [BinanceId, PayId];
}

using System.Text.Json;

namespace Citrine.Application.Webhooks;

/// <summary>
/// What counts as delivered (docs/decisions.md#webhooks, docs/api-reference.md#webhook-reply-and-retries): HTTP 200,
/// unless the body is a JSON object whose <c>returnCode</c> is <c>FAIL</c>. An empty body, <c>{"code":"SUCCESS"}</c>
/// (Binance's own sample receiver) or plain text are accepted; any other status, 3xx and other 2xx included, is a
/// failure.
/// </summary>
public static class DeliveryOutcome
{
    public const int DeliveredStatus = 200;

    public static bool IsDelivered(int httpStatus, ReadOnlySpan<byte> responseBody)
    {
        if (httpStatus != DeliveredStatus)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(responseBody);
            using var document = JsonDocument.ParseValue(ref reader);
            return !(document.RootElement.ValueKind == JsonValueKind.Object
                     && document.RootElement.TryGetProperty("returnCode", out var code)
                     && code.ValueKind == JsonValueKind.String
                     && string.Equals(code.GetString(), "FAIL", StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return true; // Not JSON (or cut at the read cap): HTTP 200 is what Binance asks for.
        }
    }
}

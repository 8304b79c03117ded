using System.Text;
using System.Text.Json;
using Citrine.Contracts;
using Citrine.Contracts.Json;

namespace Citrine.Client.Http;

/// <summary>
/// Reads the Binance envelope. Tolerant as docs/api-reference.md#envelope and #quirks require: <c>errorMessage</c> may
/// be absent, null or empty; <c>code</c> may be a number; the gateway's <c>{"status":"ERROR","errorData":…}</c> and the
/// FAQ's <c>{"code","msg"}</c> shapes are errors too; replays may say <c>REPEAT_REQ_SUCCESS</c>.
/// </summary>
internal sealed record Envelope(string? Status, string? Code, string? ErrorMessage, JsonElement Data)
{
    private const string RepeatSuccess = "REPEAT_REQ_SUCCESS";

    public bool IsSuccess => Status is BinanceStatus.Success or RepeatSuccess
                             || (Status is null && Code == ResultCodes.Success.Code);

    /// <summary>Parses a body; null when it is not a JSON object with a status or a code.</summary>
    public static Envelope? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var status = Text(root, "status");
            var code = Text(root, "code");
            if (status is null && code is null)
            {
                return null;
            }

            var message = Text(root, "errorMessage") ?? Text(root, "errorData") ?? Text(root, "msg");
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new Envelope(status, code, string.IsNullOrEmpty(message) ? null : message, data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public T? ReadData<T>()
    {
        if (Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return default;
        }

        return Data.Deserialize<T>(WireJson.Options);
    }

    public CitrineApiException ToException(int httpStatus, byte[] body) =>
        new(Code ?? "", ErrorMessage, httpStatus, Encoding.UTF8.GetString(body), Status);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        } : null;
}

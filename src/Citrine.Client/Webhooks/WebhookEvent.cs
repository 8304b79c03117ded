using System.Text;
using System.Text.Json;
using Citrine.Contracts.Json;
using Citrine.Contracts.Payouts;
using Citrine.Contracts.Reports;
using Citrine.Contracts.Webhooks;

namespace Citrine.Client;

/// <summary>
/// A webhook, parsed from its raw body (docs/api-reference.md#webhook-envelope). <see cref="BizId"/> keeps the JSON
/// number's exact text, so ids beyond 2^53 — or beyond <c>long</c>, like the documentation's 20-digit sample — survive;
/// <see cref="Data"/> is the decoded JSON of the double-encoded <c>data</c> string, and for <c>PAY</c>,
/// <c>PAY_REFUND</c>, <c>DIRECT_DEBIT_CT</c>, <c>PAYOUT</c>, <c>PAYOUT_NON_BN</c> and <c>BALANCE</c> it is also parsed
/// into <see cref="Pay"/>, <see cref="Refund"/>, <see cref="Contract"/>, <see cref="Payout"/>,
/// <see cref="PayoutNonBinance"/> or <see cref="BalanceReport"/>. Unknown bizTypes and statuses are kept as they are.
/// </summary>
public sealed class WebhookEvent
{
    private WebhookEvent(string bizType, string bizId, string? bizIdStr, string bizStatus, string data, string rawBody)
    {
        BizType = bizType;
        BizId = bizId;
        BizIdStr = bizIdStr;
        BizStatus = bizStatus;
        Data = data;
        RawBody = rawBody;
    }

    /// <summary><c>PAY</c>, <c>PAY_REFUND</c>, <c>DIRECT_DEBIT_CT</c>, … (see <see cref="WebhookNames"/>).</summary>
    public string BizType { get; }

    /// <summary>The <c>bizId</c> exactly as sent (a JSON number's text): the prepayId, or the contractId.</summary>
    public string BizId { get; }

    /// <summary>The <c>bizIdStr</c> field (the same id as a string), when present.</summary>
    public string? BizIdStr { get; }

    /// <summary><c>PAY_SUCCESS</c>, <c>PAY_CLOSED</c>, <c>REFUND_SUCCESS</c>, … kept even when unknown.</summary>
    public string BizStatus { get; }

    /// <summary>The <c>data</c> document as JSON text (decoded from its string form).</summary>
    public string Data { get; }

    /// <summary>The raw body the event was read from.</summary>
    public string RawBody { get; }

    /// <summary>The order notification of a <c>PAY</c> event, else null.</summary>
    public OrderNotificationData? Pay { get; private init; }

    /// <summary>The refund notification of a <c>PAY_REFUND</c> event, else null.</summary>
    public RefundNotificationData? Refund { get; private init; }

    /// <summary>The contract notification of a <c>DIRECT_DEBIT_CT</c> event, else null.</summary>
    public ContractNotificationData? Contract { get; private init; }

    /// <summary>The batch notification of a <c>PAYOUT</c> event, else null.</summary>
    public PayoutNotificationData? Payout { get; private init; }

    /// <summary>The e-mail line notification of a <c>PAYOUT_NON_BN</c> event, else null.</summary>
    public PayoutNonBinanceNotificationData? PayoutNonBinance { get; private init; }

    /// <summary>The built balance report of a <c>BALANCE</c> event, else null.</summary>
    public BalanceReportNotificationData? BalanceReport { get; private init; }

    /// <summary>Reads <see cref="Data"/> as another type (for bizTypes this SDK does not model).</summary>
    /// <exception cref="JsonException">The data does not fit <typeparamref name="T"/>.</exception>
    public T? GetData<T>() => JsonSerializer.Deserialize<T>(Data, WireJson.Options);

    /// <summary>
    /// Parses a webhook body <b>without verifying it</b>; use <see cref="WebhookVerifier"/> for anything received from
    /// the network.
    /// </summary>
    /// <exception cref="FormatException">The body is not a webhook envelope, or its data does not fit its bizType.</exception>
    public static WebhookEvent Parse(ReadOnlySpan<byte> body)
    {
        var rawBody = Encoding.UTF8.GetString(body);
        try
        {
            using var document = JsonDocument.Parse(rawBody);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A webhook body is a JSON object.");
            }

            var bizType = Required(root, "bizType");
            var bizId = Required(root, "bizId");
            var bizStatus = Required(root, "bizStatus");
            var bizIdStr = Optional(root, "bizIdStr");
            var data = root.TryGetProperty("data", out var d) ? d.ValueKind switch
            {
                // Documented form: a JSON document encoded as a string (docs/api-reference.md#webhook-envelope).
                JsonValueKind.String => d.GetString()!,
                JsonValueKind.Null => "null",
                // MERCHANT_QR_CODE sends an object (docs/api-reference.md#quirk-embedded-json).
                _ => d.GetRawText(),
            } : "null";
            return new WebhookEvent(bizType, bizId, bizIdStr, bizStatus, data, rawBody)
            {
                Pay = bizType == WebhookNames.BizTypePay ? Typed<OrderNotificationData>(data) : null,
                Refund = bizType == WebhookNames.BizTypePayRefund ? Typed<RefundNotificationData>(data) : null,
                Contract = bizType == WebhookNames.BizTypeDirectDebitContract
                    ? Typed<ContractNotificationData>(data)
                    : null,
                Payout = bizType == PayoutNames.BizTypePayout ? Typed<PayoutNotificationData>(data) : null,
                PayoutNonBinance = bizType == PayoutNames.BizTypePayoutNonBinance
                    ? Typed<PayoutNonBinanceNotificationData>(data)
                    : null,
                BalanceReport = bizType == ReportNames.BizTypeBalance
                    ? Typed<BalanceReportNotificationData>(data)
                    : null,
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a valid webhook body: {e.Message}", e);
        }
    }

    private static T Typed<T>(string data) =>
        JsonSerializer.Deserialize<T>(data, WireJson.Options) ?? throw new FormatException("The data is null.");

    private static string Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new FormatException($"The webhook has no '{name}'.");

    // Strings as they are; numbers as their exact text (never through double or long).
    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}

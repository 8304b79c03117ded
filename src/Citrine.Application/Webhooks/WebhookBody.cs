using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Citrine.Application.Webhooks;

/// <summary>
/// The webhook body (docs/api-reference.md#webhook-envelope, #order-notification):
/// <c>{"bizType","bizId","bizIdStr","bizStatus","data"}</c>, with <c>bizId</c> a bare JSON number, <c>bizIdStr</c> the
/// same id as a string and <c>data</c> the event's JSON encoded as a string (an object for <c>MERCHANT_QR_CODE</c>). Quotes inside <c>data</c> are escaped as
/// <c>\"</c>, as in Binance's samples.
/// </summary>
public static class WebhookBody
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Build(string bizType, long bizId, string bizStatus, string dataJson)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("bizType", bizType);
            writer.WriteNumber("bizId", bizId);
            writer.WriteString("bizIdStr", bizId.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("bizStatus", bizStatus);
            if (bizType == Contracts.Partners.PartnerNames.BizTypeMerchantQrCode)
            {
                // The one event whose data is a JSON object in Binance's documents (docs/api-reference.md#partners).
                writer.WritePropertyName("data");
                writer.WriteRawValue(dataJson);
            }
            else
            {
                writer.WriteString("data", dataJson);
            }
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

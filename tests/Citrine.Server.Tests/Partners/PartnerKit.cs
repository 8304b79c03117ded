using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Partners;

/// <summary>Helpers of the partner tests: the calls, buyers with their Binance IDs, webhooks of one bizType.</summary>
internal static class PartnerKit
{
    public const string SharePath = "/binancepay/openapi/shareinfo/accountId";
    public const string ApprovePath = "/sandbox/shareinfo/approve";
    public const string TspPrefix = "/binancepay/openapi/service/provider/";
    public const string ScanPath = "/sandbox/merchant-qr/scan";
    public const string TokenHeader = "BinancePay-Authorization-Token";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>A buyer the merchant owns (usable by it only), with its Binance ID.</summary>
    public static async Task<(long BuyerId, string BinanceId)> OwnBuyerAsync(SignedHttp client, string name)
    {
        var answer = await client.PostAsync("/sandbox/buyers", new { name });
        answer.Code.ShouldBe("000000", answer.ToString());
        return (answer.Data.GetProperty("buyerId").GetInt64(), Raw(answer.Data.GetProperty("binanceId")));
    }

    /// <summary>A shared buyer (admin), with its Binance ID.</summary>
    public static async Task<(long BuyerId, string BinanceId)> SharedBuyerAsync(TestServer server, string name)
    {
        var id = await server.CreateBuyerAsync(name);
        var data = (await server.AdminGetAsync($"/admin/buyers/{id}")).Data;
        return (id, Raw(data.GetProperty("binanceId")));
    }

    public static string Raw(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    public static async Task<ReceivedRequest> NextOfTypeAsync(LoopbackReceiver receiver, string bizType)
    {
        while (true)
        {
            var webhook = await receiver.NextAsync(Patience);
            if (JsonDocument.Parse(webhook.Body).RootElement.GetProperty("bizType").GetString() == bizType)
            {
                return webhook;
            }
        }
    }

    public static Task<long> OutboxCountAsync(TestServer server, long merchantId, string bizType) =>
        server.Database.CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND biz_type = @t",
            ("@m", merchantId), ("@t", bizType));

    public static async Task AdvanceAsync(SignedHttp client, long ms) =>
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = ms })).Code.ShouldBe("000000");

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);
}

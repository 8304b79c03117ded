using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payouts;

/// <summary>A sandbox buyer as payouts name it.</summary>
public sealed record PayoutBuyer(long BuyerId, string BinanceId, string PayId, string Email, string MobileCode,
    string MobileNumber);

/// <summary>Helpers of the payout tests: buyers with their identities, batch bodies, waiting for final states.</summary>
internal static class PayoutKit
{
    public const string TransferPath = "/binancepay/openapi/payout/transfer";
    public const string QueryPath = "/binancepay/openapi/payout/query";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<PayoutBuyer> BuyerAsync(TestServer server, string name = "Receiver")
    {
        var id = await server.CreateBuyerAsync(name);
        var data = (await server.AdminGetAsync($"/admin/buyers/{id}")).Data;
        return new PayoutBuyer(id, Text(data, "binanceId"), Text(data, "payId"), data.GetProperty("email").GetString()!,
            data.GetProperty("mobileCode").GetString()!, data.GetProperty("mobileNumber").GetString()!);
    }

    public static Dictionary<string, object?> Line(string sendId, string receiveType, string receiver, object amount,
        string method = "FUNDING_WALLET") => new()
        {
            ["merchantSendId"] = sendId,
            ["receiveType"] = receiveType,
            ["receiver"] = receiver,
            ["transferAmount"] = amount,
            ["transferMethod"] = method,
            ["remark"] = "r-" + sendId,
        };

    /// <summary>A batch whose totals match its lines.</summary>
    public static Dictionary<string, object?> Batch(string requestId, params Dictionary<string, object?>[] lines) =>
        new()
        {
            ["requestId"] = requestId,
            ["batchName"] = "batch " + requestId,
            ["currency"] = "USDT",
            ["totalAmount"] = lines.Sum(l => Convert.ToDecimal(l["transferAmount"], CultureInfo.InvariantCulture)),
            ["totalNumber"] = lines.Length,
            ["bizScene"] = "SETTLEMENT",
            ["transferDetailList"] = lines,
        };

    /// <summary>Queries the batch until its status is final; returns the query's data.</summary>
    public static async Task<JsonElement> FinalAsync(SignedHttp client, string requestId, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            var answer = await client.PostAsync(QueryPath, new { requestId });
            answer.Code.ShouldBe("000000", answer.ToString());
            if (answer.Data.GetProperty("batchStatus").GetString() is "SUCCESS" or "PART_SUCCESS" or "FAILED")
            {
                return answer.Data;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"batch {requestId} still {answer.Data.GetProperty("batchStatus")}");
            await Task.Delay(50);
        }
    }

    /// <summary>Queries the batch until no line is PROCESSING; returns the query's data.</summary>
    public static async Task<JsonElement> ProcessedAsync(SignedHttp client, string requestId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var data = (await client.PostAsync(QueryPath, new { requestId })).Data;
            if (data.GetProperty("transferDetailList").EnumerateArray()
                .All(l => l.GetProperty("status").GetString() != "PROCESSING"))
            {
                return data;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"batch {requestId} still has PROCESSING lines");
            await Task.Delay(50);
        }
    }

    public static Dictionary<string, string> LineStatuses(JsonElement data) =>
        data.GetProperty("transferDetailList").EnumerateArray().ToDictionary(
            l => l.GetProperty("merchantSendId").GetString()!, l => l.GetProperty("status").GetString()!,
            StringComparer.Ordinal);

    public static long Units(string amount) =>
        (long)(decimal.Parse(amount, CultureInfo.InvariantCulture) * 100_000_000m);

    private static string Text(JsonElement data, string name) =>
        data.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);
}

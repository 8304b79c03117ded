using System.Globalization;
using System.Text.Json;
using Citrine.Application;
using Citrine.Testing;

namespace Citrine.Server.Tests.ProfitSharing;

/// <summary>The servers of the profit-sharing tests: a 1% commission (so an order's net amount is not its amount), a
/// fast sweep for the split processor, and a pool for 100 concurrent requests.</summary>
public abstract class SplitServer(Store store) : ServerFixture(store, Tune)
{
    private static void Tune(CitrineOptions options)
    {
        ServerTuning.Busy(options, 16);
        options.CommissionBasisPoints = 100;
        options.SweepIntervalMs = 50;
    }
}

public sealed class SqliteSplitServer() : SplitServer(Store.Sqlite);

public sealed class PostgresSplitServer() : SplitServer(Store.Postgres);

/// <summary>Helpers of the profit-sharing tests: receivers, tagged paid orders, split bodies, waiting for lines.</summary>
internal static class SplitKit
{
    public const string Prefix = "/binancepay/openapi/profitsharing/v1/";
    public const string AddReceiverPath = Prefix + "add-receiver";
    public const string QueryReceiverPath = Prefix + "query-receiver";
    public const string DeleteReceiverPath = Prefix + "del-receiver";
    public const string SubmitPath = Prefix + "submit-split";
    public const string QueryPath = Prefix + "query-split";
    public const string ReturnPath = Prefix + "return";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A sandbox buyer and its Binance ID.</summary>
    public static async Task<(long BuyerId, string Account)> ReceiverAsync(TestServer server, string name = "Receiver")
    {
        var id = await server.CreateBuyerAsync(name);
        var data = (await server.AdminGetAsync($"/admin/buyers/{id}")).Data;
        return (id, data.GetProperty("binanceId").GetInt64().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A buyer added as the merchant's receiver.</summary>
    public static async Task<(long BuyerId, string Account)> RegisteredAsync(TestServer server, SignedHttp client,
        string name = "Receiver")
    {
        var receiver = await ReceiverAsync(server, name);
        var added = await client.PostAsync(AddReceiverPath, new { account = receiver.Account });
        added.Code.ShouldBe("000000", added.ToString());
        return receiver;
    }

    /// <summary>A v2 order of <paramref name="amount"/> USDT, tagged for profit sharing unless told otherwise, paid
    /// by a new buyer; returns its prepayId.</summary>
    public static async Task<long> PaidOrderAsync(TestServer server, SignedHttp client, decimal amount = 10m,
        bool tagged = true)
    {
        var body = Orders.V2(amount: amount);
        if (tagged)
        {
            body["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
        }

        var prepayId = await client.CreateOrderAsync(body);
        var payer = await server.CreateBuyerAsync("Payer", new() { ["USDT"] = "100000" });
        var paid = await client.SandboxPayAsync(prepayId, payer);
        paid.Code.ShouldBe("000000", paid.ToString());
        return prepayId;
    }

    public static Dictionary<string, object?> Line(string account, object amount, string description = "Share 1.") =>
        new() { ["account"] = account, ["amount"] = amount, ["description"] = description };

    public static Dictionary<string, object?> Split(string requestId, long prepayId,
        params Dictionary<string, object?>[] lines) => new()
        {
            ["merchantRequestId"] = requestId,
            ["prepayOrderId"] = Id(prepayId),
            ["receiverList"] = lines,
        };

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Queries the split until it is FINISHED (status 2); returns the query's data.</summary>
    public static async Task<JsonElement> FinishedAsync(SignedHttp client, string requestId, long prepayId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await client.PostAsync(QueryPath, new { merchantRequestId = requestId, prepayOrderId = Id(prepayId) });
            answer.Code.ShouldBe("000000", answer.ToString());
            if (answer.Data.GetProperty("status").GetInt32() == 2)
            {
                return answer.Data;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"split {requestId} still {answer.Data.GetProperty("status")}");
            await Task.Delay(50);
        }
    }

    public static async Task<long> FundingUnitsAsync(TestServer server, SignedHttp client) =>
        await server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}", "USDT");

    public static async Task<long> BuyerUnitsAsync(TestServer server, long buyerId) =>
        await server.BalanceUnitsAsync($"buyer:{buyerId}", "USDT");
}

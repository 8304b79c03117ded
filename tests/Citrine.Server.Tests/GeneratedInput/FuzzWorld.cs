using System.Globalization;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// What generated requests point at: the fuzzed merchant with orders (one paid), a signed contract and a buyer;
/// another merchant whose ids are "foreign"; a merchant the admin calls may change; checkout and contract codes for
/// the page forms. Ids of all of them, and unknown ones, fill the <see cref="ValuePools"/>.
/// </summary>
internal sealed record FuzzWorld(
    TestMerchant Merchant,
    TestMerchant Foreign,
    long BuyerId,
    ValuePools Pools,
    IReadOnlyList<string> CheckoutCodes,
    IReadOnlyList<string> ContractCodes)
{
    private const long Unknown = 987654321;

    public static async Task<FuzzWorld> CreateAsync(TestServer server)
    {
        var merchant = await server.CreateMerchantAsync("Fuzzed shop");
        var foreign = await server.CreateMerchantAsync("Foreign shop");
        var target = await server.CreateMerchantAsync("Admin target");
        var pages = await server.CreateMerchantAsync("Page shop");
        foreach (var m in new[] { merchant, foreign, pages })
        {
            await server.SetDirectDebitAsync(m.MerchantId, true);
        }

        var funds = new Dictionary<string, object> { ["USDT"] = 1_000_000, ["BTC"] = 100 };
        var buyer = await server.CreateBuyerAsync("Fuzz buyer", funds);
        var foreignBuyer = await server.CreateBuyerAsync("Other buyer", funds);
        var signed = server.Signed(merchant);
        var other = server.Signed(foreign);
        var pools = new ValuePools();
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        for (var i = 0; i < 3; i++)
        {
            var tradeNo = Orders.NewTradeNo();
            var prepayId = await signed.CreateOrderAsync(Orders.V2(tradeNo));
            pools.AddText("prepayId", Text(prepayId));
            pools.AddNumber("prepayId", prepayId);
            pools.AddText("merchantTradeNo", tradeNo);
            if (i == 0)
            {
                (await signed.SandboxPayAsync(prepayId, buyer)).Code.ShouldBe("000000");
            }
        }

        var foreignTradeNo = Orders.NewTradeNo();
        pools.AddText("prepayId", Text(await other.CreateOrderAsync(Orders.V2(foreignTradeNo))), "1", "999999999999999999");
        pools.AddText("merchantTradeNo", foreignTradeNo, "unknown-trade-no");

        var contractCode = ContractBodies.NewCode();
        await signed.CreateContractAsync(ContractBodies.OneOff(contractCode));
        var contract = await signed.SignAsync(contractCode, buyer);
        var contractId = contract.GetProperty("contractId").GetInt64();
        var openCode = ContractBodies.NewCode();
        await signed.CreateContractAsync(ContractBodies.OneOff(openCode));
        var foreignCode = ContractBodies.NewCode();
        await other.CreateContractAsync(ContractBodies.OneOff(foreignCode));
        pools.AddText("merchantContractCode", contractCode, openCode, foreignCode, "unknown-code");
        pools.AddNumber("contractId", contractId, Unknown);
        pools.AddText("preContractId", Text(contractId), "424242");
        pools.AddNumber("bizId", 1, Unknown);
        pools.AddNumber("merchantId", merchant.MerchantId, foreign.MerchantId, Unknown);
        pools.AddNumber("buyerId", buyer, foreignBuyer, Unknown);
        pools.AddNumber("eventId", 1, 2, Unknown);
        pools.AddNumber("beforeEventId", 10, Unknown);
        pools.AddNumber("afterEventId", 0, 1);
        pools.AddNumber("limit", 1, 5);
        pools.AddNumber("waitMs", 0);
        pools.AddNumber("advanceMs", 1);
        pools.AddNumber("cycleValue", 1, 2);
        pools.AddNumber("orderExpireTime", nowMs + 3_600_000);
        pools.AddNumber("requestExpireTime", nowMs + 3_600_000);
        pools.AddNumber("firstDeductTime", nowMs + (3 * 86_400_000L));
        pools.AddNumber("contractEndTime", nowMs + (365 * 86_400_000L));
        pools.AddText("currency", "USDT", "EUR", "BNB");
        pools.AddText("payCurrency", "USDT", "BTC");
        pools.Add("singleUpperLimit", "\"5\"", "1");
        pools.Add("refundAmount", "\"1\"", "0.5");
        pools.Add("amount", "\"1\"");
        pools.Add("estimatedAmount", "\"1\"");
        pools.AddText("subMerchantId", "12345");
        pools.AddText("webhookUrl", "https://hooks.example/x");
        pools.AddText("route:merchantId", Text(target.MerchantId), Text(Unknown));
        pools.AddText("route:apiKey", target.ApiKey, "no-such-key");
        pools.AddText("route:buyerId", Text(foreignBuyer), Text(Unknown));
        pools.AddText("route:eventId", "1", Text(Unknown));

        var checkoutCodes = new List<string>();
        var pageShop = server.Signed(pages);
        string?[] returnUrls = [null, "https://shop.example/thanks", "https://bücher.example/ä?q=ü", "http://[::1]:8080/r"];
        foreach (var returnUrl in returnUrls)
        {
            var body = Orders.V2();
            body["returnUrl"] = returnUrl;
            body["cancelUrl"] = returnUrl;
            var answer = await pageShop.PostAsync("/binancepay/openapi/v2/order", body);
            answer.Code.ShouldBe("000000", answer.ToString());
            checkoutCodes.Add(answer.Data.GetProperty("checkoutUrl").GetString()!.Split('/')[^1]);
        }

        await pageShop.CreateContractAsync(ContractBodies.OneOff(ContractBodies.NewCode()));
        var contractCodes = await server.QueryDbAsync(
            "SELECT sign_code FROM direct_debit_contracts WHERE merchant_id = @m AND status = 'INITIAL'",
            r => r.GetString(0), ("@m", pages.MerchantId));
        contractCodes.ShouldNotBeEmpty();
        return new FuzzWorld(merchant, foreign, buyer, pools, checkoutCodes, contractCodes);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

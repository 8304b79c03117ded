using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Otc;

/// <summary>Convert paths and setup over the admin and sandbox APIs.</summary>
internal static class ConvertHelpers
{
    public const string Selector = "/binancepay/openapi/otc-portal/get-to-selector";
    public const string Quote = "/binancepay/openapi/otc-portal/get-quote";
    public const string Execute = "/binancepay/openapi/otc-portal/execute-quote";
    public const string TradeQuery = "/binancepay/openapi/otc-portal/query-trade-order";

    /// <summary>Whitelists (or not) a merchant for Convert through the admin API, as direct debit is.</summary>
    public static async Task SetConvertAsync(this TestServer server, long merchantId, bool enabled)
    {
        using var response = await server.Http.PostAsJsonAsync($"/admin/merchants/{merchantId}",
            new { convertEnabled = enabled });
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        envelope.GetProperty("data").GetProperty("convertEnabled").GetBoolean().ShouldBe(enabled);
    }

    /// <summary>A new merchant whitelisted for Convert.</summary>
    public static async Task<SignedHttp> NewConvertMerchantAsync(this TestServer server)
    {
        var merchant = await server.CreateMerchantAsync();
        await server.SetConvertAsync(merchant.MerchantId, true);
        return server.Signed(merchant);
    }

    public static async Task FundAsync(this SignedHttp client, string wallet, string currency, object amount)
    {
        var answer = await client.PostAsync("/sandbox/wallet/fund", new { wallet, currency, amount });
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    public static Dictionary<string, object?> QuoteBody(string wallet, string from, string to, object? fromAmount,
        object? toAmount) => new()
        {
            ["wallet"] = wallet,
            ["fromAsset"] = from,
            ["toAsset"] = to,
            ["fromAmount"] = fromAmount,
            ["toAmount"] = toAmount,
        };

    /// <summary>Asks a quote that must carry a quoteId; returns its data.</summary>
    public static async Task<JsonElement> QuoteAsync(this SignedHttp client, string wallet, string from, string to,
        object? fromAmount, object? toAmount = null)
    {
        var answer = await client.PostAsync(Quote, QuoteBody(wallet, from, to, fromAmount, toAmount));
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("quoteId").GetString().ShouldNotBeNullOrEmpty(answer.ToString());
        return answer.Data;
    }

    public static Task<Answer> ExecuteAsync(this SignedHttp client, string quoteId) =>
        client.PostAsync(Execute, new { quoteId });
}

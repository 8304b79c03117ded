using Citrine.Client;
using Citrine.Contracts.Otc;
using Citrine.Testing;

namespace Citrine.Server.Tests.Otc;

/// <summary>The SDK's <see cref="ConvertClient"/> against a live server: pairs, a quote by either side, execution,
/// the trade order, and refusals (not whitelisted, executed twice, unknown order) as
/// <see cref="CitrineApiException"/>.</summary>
public abstract class ConvertSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Pairs_quote_execute_and_query_through_the_sdk()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 });
        var forbidden = await Should.ThrowAsync<CitrineApiException>(() => client.Convert.PairsAsync("USDT"));
        forbidden.Code.ShouldBe("400606");

        await Server.SetConvertAsync(merchant.MerchantId, true);
        await Server.Signed(merchant).FundAsync("SPOT_WALLET", "USDT", 500);
        var pairs = await client.Convert.PairsAsync("USDT");
        pairs.Coin.ShouldBe("USDT");
        pairs.ToList.Single(p => p.Coin == "BNB").ToMin.ShouldBe(0.03333334m);

        var uncovered = await client.Convert.QuoteAsync(new ConvertQuoteRequest
        {
            Wallet = "FUNDING_WALLET",
            FromAsset = "USDT",
            ToAsset = "BNB",
            FromAmount = 100m,
        });
        uncovered.QuoteId.ShouldBeNull();
        uncovered.ToAmount.ShouldBe(0.1665m);

        var quote = await client.Convert.QuoteAsync(new ConvertQuoteRequest
        {
            Wallet = "SPOT_WALLET",
            FromAsset = "USDT",
            ToAsset = "BNB",
            ToAmount = 0.08m,
        });
        quote.QuoteId.ShouldNotBeNull();
        quote.FromAmount.ShouldBe(48.04804805m);
        quote.ExpireTime.ShouldBe(30);

        var executed = await client.Convert.ExecuteAsync(quote.QuoteId);
        executed.OrderStatus.ShouldBe("PROCESS");
        executed.FromCoinAmount.ShouldBe(48.04804805m);
        executed.ToCoinAmount.ShouldBe(0.08m);
        executed.QuotePrice.ShouldBe(quote.Ratio);

        var trade = await client.Convert.QueryAsync(executed.OrderId);
        trade.OrderStatus.ShouldBe("SUCCESS");
        trade.Ratio.ShouldBe(executed.QuotePrice);
        trade.InverseRatio.ShouldBe(executed.InversePrice);

        (await Should.ThrowAsync<CitrineApiException>(() => client.Convert.ExecuteAsync(quote.QuoteId))).Code
            .ShouldBe("400204");
        (await Should.ThrowAsync<CitrineApiException>(() => client.Convert.QueryAsync("42"))).Code
            .ShouldBe("400202");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteConvertSdkTests(SqliteServer fixture) : ConvertSdkTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresConvertSdkTests(PostgresServer fixture)
    : ConvertSdkTests(fixture), IClassFixture<PostgresServer>;

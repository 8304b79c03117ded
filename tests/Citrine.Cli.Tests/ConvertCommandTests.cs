using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine merchant update --convert</c> and <c>citrine convert pairs|quote|execute|show</c> against a
/// running server.</summary>
public abstract class ConvertCommandTests(Store store)
{
    [Fact]
    public async Task Whitelist_pairs_quote_execute_and_show_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var funded = await server.Signed(merchant).PostAsync("/sandbox/wallet/fund",
            new { wallet = "SPOT_WALLET", currency = "USDT", amount = "500" });
        funded.Code.ShouldBe("000000", funded.ToString());

        var (offExit, off) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "pairs", "--from", "USDT");
        offExit.ShouldNotBe(0);
        off.GetProperty("code").GetString().ShouldBe("400606");

        var (_, updated) = await CliRunner.AsAdminAsync(server, "merchant", "update", merchant.MerchantId.ToString(CultureInfo.InvariantCulture), "--convert", "true");
        updated.GetProperty("convertEnabled").GetBoolean().ShouldBeTrue();

        var (pExit, pairs) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "pairs", "--from", "USDT");
        pExit.ShouldBe(0, pairs.ToString());
        pairs.GetProperty("toList").EnumerateArray().Select(p => p.GetProperty("coin").GetString())
            .ShouldContain("BNB");

        var (qExit, quote) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "quote", "--from", "USDT", "--to", "BNB",
            "--from-amount", "100", "--wallet", "SPOT_WALLET");
        qExit.ShouldBe(0, quote.ToString());
        quote.GetProperty("toAmount").GetDecimal().ShouldBe(0.1665m);
        var quoteId = quote.GetProperty("quoteId").GetString()!;

        var (eExit, order) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "execute", quoteId);
        eExit.ShouldBe(0, order.ToString());
        order.GetProperty("orderStatus").GetString().ShouldBe("PROCESS");
        var orderId = order.GetProperty("orderId").GetString()!;

        var (sExit, shown) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "show", orderId);
        sExit.ShouldBe(0, shown.ToString());
        shown.GetProperty("orderStatus").GetString().ShouldBe("SUCCESS");
        shown.GetProperty("fromAmount").GetDecimal().ShouldBe(100m);

        var (againExit, again) = await CliRunner.AsMerchantAsync(server, merchant, "convert", "execute", quoteId);
        againExit.ShouldNotBe(0);
        again.GetProperty("code").GetString().ShouldBe("400204");
        var (badExit, _) = await CliRunner.AsMerchantRawAsync(server, merchant, "convert", "quote", "--from", "USDT", "--to", "BNB");
        badExit.ShouldBe(ExitCodes.Validation);
        (await server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteConvertCommandTests() : ConvertCommandTests(Store.Sqlite);

public sealed class PostgresConvertCommandTests() : ConvertCommandTests(Store.Postgres);

using System.Text.Json;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts.Json;
using Citrine.Contracts.Wallets;

namespace Citrine.Client.Tests.Parsing;

/// <summary>
/// The wallet calls against Binance's own samples (docs/api-reference.md#wallets), served by a signed loopback
/// stand-in: <c>0E-8</c> and other Java number shapes, <c>updateTime</c> as number or string, and the
/// <c>REPEAT_REQ_SUCCESS</c>/<c>000001</c> replay answer read as success.
/// </summary>
public sealed class WalletShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Balance_v2_reads_the_documented_sample_with_0E_8()
    {
        var (balance, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/v2/balance",
            """{"status":"SUCCESS","code":"000000","data":{"balance":[{"available":990000.00000000,"freeze":0E-8,"asset":"USDT","availableFiatValuation":989991.90516600,"availableBtcValuation":22.98780000}],"wallet":"FUNDING_WALLET","updateTime":1666937353019,"fiat":"USD"},"errorMessage":""}""",
            c => c.Wallets.GetBalancesAsync(new WalletBalanceV2Request { Wallet = WalletNames.FundingWallet }, Ct));

        path.ShouldBe("/binancepay/openapi/v2/balance");
        sent.GetRawText().ShouldBe("""{"wallet":"FUNDING_WALLET"}""");
        var usdt = balance.Balance.ShouldHaveSingleItem();
        (usdt.Available, usdt.Freeze, usdt.Asset).ShouldBe((990000m, 0m, "USDT"));
        usdt.AvailableFiatValuation.ShouldBe(989991.905166m);
        usdt.AvailableBtcValuation.ShouldBe(22.9878m);
        balance.UpdateTime.ShouldBe(1666937353019);
        balance.Fiat.ShouldBe("USD");
    }

    [Fact]
    public async Task Balance_v1_reads_strings_and_scientific_numbers()
    {
        var (balance, path, _) = await CannedService.CallOnceAsync("binancepay/openapi/balance",
            """{"status":"SUCCESS","code":"000000","data":{"balance":"2E+1","asset":"BNB","fiat":"USD","availableFiatValuation":1.2E-7,"availableBtcValuation":"0E-8"}}""",
            c => c.Wallets.GetBalanceAsync(new WalletBalanceRequest { Wallet = WalletNames.SpotWallet, Currency = "BNB" }, Ct));

        path.ShouldBe("/binancepay/openapi/balance");
        balance.Balance.ShouldBe(20m);
        balance.AvailableFiatValuation.ShouldBe(0.00000012m);
        balance.AvailableBtcValuation.ShouldBe(0m);
    }

    [Fact]
    public async Task Transfer_sends_amount_as_a_string_and_reads_the_replay_answer_as_a_replay()
    {
        var (outcome, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/wallet/transfer",
            """{"status":"REPEAT_REQ_SUCCESS","code":"000001","data":{"tranId":"100002021071407140001","status":"SUCCESS","currency":"BNB","amount":"0.01","transferType":"TO_MAIN"},"errorMessage":""}""",
            c => c.Wallets.TransferAsync(new TransferFundRequest
            {
                RequestId = "100002021071407140001",
                Currency = "BNB",
                Amount = 0.01m,
                TransferType = WalletNames.ToMain,
            }, Ct));

        path.ShouldBe("/binancepay/openapi/wallet/transfer");
        sent.GetRawText().ShouldBe("""{"requestId":"100002021071407140001","currency":"BNB","amount":"0.01","transferType":"TO_MAIN"}""");
        outcome.IsReplay.ShouldBeTrue();
        outcome.Transfer.TranId.ShouldBe("100002021071407140001");
        outcome.Transfer.Amount.ShouldBe(0.01m);
    }

    [Fact]
    public async Task Transfer_query_reads_the_new_revisions_two_fields_and_a_numeric_tranId()
    {
        var (transfer, path, _) = await CannedService.CallOnceAsync("binancepay/openapi/wallet/transfer/query",
            """{"status":"SUCCESS","code":"000000","data":{"tranId":4069044573,"status":"PROCESS"},"errorMessage":""}""",
            c => c.Wallets.GetTransferAsync(new TransferQueryRequest { TranId = "4069044573" }, Ct));

        path.ShouldBe("/binancepay/openapi/wallet/transfer/query");
        transfer.TranId.ShouldBe("4069044573");
        transfer.Status.ShouldBe(TransferStatusNames.Process);
        transfer.Currency.ShouldBeNull();
    }

    [Theory]
    [InlineData("0", "0E-8")]
    [InlineData("0.00000001", "1E-8")]
    [InlineData("0.00000012", "1.2E-7")]
    [InlineData("0.00000100", "0.00000100")]
    [InlineData("0.0000006", "6.0E-7")]
    [InlineData("990000", "990000.00000000")]
    [InlineData("-0.00000001", "-1E-8")]
    public void Java_decimal_form_matches_BigDecimal_toString_at_scale_8(string value, string expected) =>
        JavaDecimalConverter.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(expected);
}

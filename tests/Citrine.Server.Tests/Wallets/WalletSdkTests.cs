using Citrine.Client;
using Citrine.Contracts.Wallets;
using Citrine.Testing;

namespace Citrine.Server.Tests.Wallets;

/// <summary>The SDK's <see cref="WalletsClient"/> against a live server: typed balances (Java number shapes read
/// back), transfer with its replay flag, query, and refusals as <see cref="CitrineApiException"/>.</summary>
public abstract class WalletSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<(CitrineClient Client, SignedHttp Raw)> NewClientAsync()
    {
        var merchant = await Server.CreateMerchantAsync();
        return (new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 }), Server.Signed(merchant));
    }

    [Fact]
    public async Task Balances_transfers_and_replays_through_the_sdk()
    {
        var (client, raw) = await NewClientAsync();
        var empty = await client.Wallets.GetBalanceAsync(new WalletBalanceRequest
        {
            Wallet = WalletNames.SpotWallet,
            Currency = "USDT",
        });
        empty.Balance.ShouldBe(0m);
        empty.Asset.ShouldBe("USDT");
        empty.Fiat.ShouldBe("USD");

        await WalletTests.FundAsync(raw, WalletNames.FundingWallet, "USDT", "20.5");
        var v1 = await client.Wallets.GetBalanceAsync(new WalletBalanceRequest
        {
            Wallet = WalletNames.FundingWallet,
            Currency = "USDT",
        });
        v1.Balance.ShouldBe(20.5m);
        v1.AvailableFiatValuation.ShouldBe(20.5m);

        var outcome = await client.Wallets.TransferAsync(new TransferFundRequest
        {
            RequestId = "sdk-1",
            Currency = "USDT",
            Amount = 20.25m,
            TransferType = WalletNames.ToMain,
        });
        outcome.IsReplay.ShouldBeFalse();
        outcome.Transfer.TranId.ShouldBe("sdk-1");
        outcome.Transfer.Status.ShouldBe(TransferStatusNames.Success);
        outcome.Transfer.Amount.ShouldBe(20.25m);

        var replay = await client.Wallets.TransferAsync(new TransferFundRequest
        {
            RequestId = "sdk-1",
            Currency = "USDT",
            Amount = 20.25m,
            TransferType = WalletNames.ToMain,
        });
        replay.IsReplay.ShouldBeTrue();
        replay.Transfer.ShouldBe(outcome.Transfer);

        var v2 = await client.Wallets.GetBalancesAsync(new WalletBalanceV2Request { Wallet = WalletNames.SpotWallet });
        v2.Wallet.ShouldBe(WalletNames.SpotWallet);
        v2.UpdateTime.ShouldBeGreaterThan(0);
        var usdt = v2.Balance.ShouldHaveSingleItem();
        (usdt.Asset, usdt.Available, usdt.Freeze).ShouldBe(("USDT", 20.25m, 0m));

        var query = await client.Wallets.GetTransferAsync(new TransferQueryRequest { TranId = "sdk-1" });
        query.Status.ShouldBe(TransferStatusNames.Success);
        query.TranId.ShouldBe("sdk-1");
    }

    [Fact]
    public async Task Refusals_surface_as_CitrineApiException_with_the_recorded_codes()
    {
        var (client, _) = await NewClientAsync();
        var insufficient = await Should.ThrowAsync<CitrineApiException>(() => client.Wallets.TransferAsync(
            new TransferFundRequest { RequestId = "sdk-2", Currency = "USDT", Amount = 1m, TransferType = WalletNames.ToPay }));
        insufficient.Code.ShouldBe("400304");
        var unknown = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Wallets.GetTransferAsync(new TransferQueryRequest { TranId = "sdk-missing" }));
        unknown.Code.ShouldBe("400202");
        var badWallet = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Wallets.GetBalanceAsync(new WalletBalanceRequest { Wallet = "MAIN", Currency = "USDT" }));
        badWallet.Code.ShouldBe("400102");
    }
}

public sealed class SqliteWalletSdkTests(SqliteServer fixture) : WalletSdkTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresWalletSdkTests(PostgresServer fixture) : WalletSdkTests(fixture), IClassFixture<PostgresServer>;

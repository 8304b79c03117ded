using Citrine.Client;
using Citrine.Contracts.Payouts;
using Citrine.Contracts.Wallets;
using Citrine.Server.Tests.Wallets;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payouts;

/// <summary>The SDK's <see cref="PayoutsClient"/> against a live server: a typed batch with its replay flag, the
/// typed query (Java number shapes read back), and refusals as <see cref="CitrineApiException"/>.</summary>
public abstract class PayoutSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_batch_its_replay_its_query_and_its_webhook_through_the_sdk()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync("Sdk Payout Shop", receiver.Url);
        var client = new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 });
        await WalletTests.FundAsync(Server.Signed(merchant), WalletNames.FundingWallet, "USDT", 10);
        var buyer = await PayoutKit.BuyerAsync(Server);
        var request = new PayoutTransferRequest
        {
            RequestId = "sdk-1",
            BatchName = "sdk batch",
            Currency = "USDT",
            TotalAmount = 3.5m,
            TotalNumber = 2,
            TransferDetailList =
            [
                new PayoutTransferDetail
                {
                    MerchantSendId = "a",
                    ReceiveType = ReceiveTypes.BinanceId,
                    Receiver = buyer.BinanceId,
                    TransferAmount = 2.5m,
                    TransferMethod = WalletNames.FundingWallet,
                },
                new PayoutTransferDetail
                {
                    MerchantSendId = "b",
                    ReceiveType = ReceiveTypes.PayId,
                    Receiver = "1",
                    TransferAmount = 1m,
                    TransferMethod = WalletNames.FundingWallet,
                    Remark = "nobody",
                },
            ],
        };

        var accepted = await client.Payouts.TransferAsync(request);
        accepted.IsReplay.ShouldBeFalse();
        accepted.Batch.ShouldBe(new PayoutTransferResult { RequestId = "sdk-1", Status = PayoutNames.Accepted });
        var replay = await client.Payouts.TransferAsync(request);
        replay.IsReplay.ShouldBeTrue();
        replay.Batch.ShouldBe(accepted.Batch);

        await PayoutKit.FinalAsync(Server.Signed(merchant), "sdk-1");
        var batch = await client.Payouts.QueryAsync(new PayoutQueryRequest { RequestId = "sdk-1" });
        batch.BatchStatus.ShouldBe("PART_SUCCESS");
        batch.MerchantId.ShouldBe(merchant.MerchantId);
        batch.TotalAmount.ShouldBe(3.5m);
        batch.TotalPaidAmount.ShouldBe(2.5m);
        batch.TotalPayoutFee.ShouldBe(0m);
        batch.TransferDetailList.Select(l => (l.MerchantSendId, l.Status, l.Amount))
            .ShouldBe([("a", "SUCCESS", 2.5m), ("b", "FAIL", 1m)]);
        batch.TransferDetailList[0].PayeeId.ShouldBe(long.Parse(buyer.PayId, System.Globalization.CultureInfo.InvariantCulture));
        batch.TransferDetailList[1].Remark.ShouldBe("nobody");
        var failed = await client.Payouts.QueryAsync(new PayoutQueryRequest { RequestId = "sdk-1", DetailStatus = ["FAIL"] });
        failed.TransferDetailList.Select(l => l.MerchantSendId).ShouldBe(["b"]);

        // The final batch's PAYOUT webhook, verified and parsed by the SDK as a merchant's receiver would.
        var delivery = await receiver.NextAsync(TimeSpan.FromSeconds(30));
        var webhook = await new WebhookVerifier(client).VerifyAsync(delivery.Body, WebhookHeaders.From(delivery.Header));
        webhook.BizType.ShouldBe(PayoutNames.BizTypePayout);
        webhook.BizStatus.ShouldBe("PART_SUCCESS");
        var notified = webhook.Payout.ShouldNotBeNull();
        notified.ShouldBe(new PayoutNotificationData
        {
            RequestId = "sdk-1",
            BatchStatus = "PART_SUCCESS",
            MerchantId = merchant.MerchantId,
            Currency = "USDT",
            TotalAmount = 3.5m,
            TotalNumber = 2,
        });
        webhook.PayoutNonBinance.ShouldBeNull();
        webhook.BalanceReport.ShouldBeNull();

        var unknown = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Payouts.QueryAsync(new PayoutQueryRequest { RequestId = "nope" }));
        unknown.Code.ShouldBe("400202");
        var conflict = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Payouts.TransferAsync(request with { BatchName = "other" }));
        conflict.Code.ShouldBe("400001");
        var tooMuch = await Should.ThrowAsync<CitrineApiException>(() => client.Payouts.TransferAsync(request with
        {
            RequestId = "sdk-2",
            TotalAmount = 20m,
            TotalNumber = 1,
            TransferDetailList = [request.TransferDetailList[0] with { TransferAmount = 20m }],
        }));
        tooMuch.Code.ShouldBe("400304"); // 7.5 USDT left: 10 less 2.5 paid (the failed line's 1 came back)
    }
}

public sealed class SqlitePayoutSdkTests(SqliteServer fixture) : PayoutSdkTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresPayoutSdkTests(PostgresServer fixture) : PayoutSdkTests(fixture), IClassFixture<PostgresServer>;

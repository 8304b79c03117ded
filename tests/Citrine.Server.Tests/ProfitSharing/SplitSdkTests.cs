using Citrine.Client;
using Citrine.Contracts.ProfitSharing;
using Citrine.Testing;
using static Citrine.Server.Tests.ProfitSharing.SplitKit;

namespace Citrine.Server.Tests.ProfitSharing;

/// <summary>The SDK's <see cref="ProfitSharingClient"/> against a live server: receivers, a split with its replay
/// flag and query, a return, and a refusal as <see cref="CitrineApiException"/>.</summary>
public abstract class SplitSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Receivers_a_split_its_replay_its_query_and_a_return_through_the_sdk()
    {
        var merchant = await Server.CreateMerchantAsync();
        var signed = Server.Signed(merchant);
        var sdk = new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 }).ProfitSharing;
        var (buyerId, account) = await ReceiverAsync(Server);
        (await sdk.AddReceiverAsync(account)).Account.ShouldBe(account);
        var page = await sdk.QueryReceiversAsync(1, 10);
        page.AccountList.ShouldBe([account]);
        page.TotalRecordNum.ShouldBe(1);
        var prepayId = await PaidOrderAsync(Server, signed, 10m);

        var request = new SubmitSplitRequest
        {
            MerchantRequestId = "sdk-split",
            PrepayOrderId = Id(prepayId),
            ReceiverList = [new SplitReceiverLine { Account = account, Amount = 2.5m, Description = "Share." }],
        };
        var first = await sdk.SubmitAsync(request);
        first.IsReplay.ShouldBeFalse();
        first.Split.Status.ShouldBe(SplitStatusCodes.Waiting);
        var again = await sdk.SubmitAsync(request);
        again.IsReplay.ShouldBeTrue();
        again.Split.SplitOrderNo.ShouldBe(first.Split.SplitOrderNo);

        await FinishedAsync(signed, "sdk-split", prepayId);
        var queried = await sdk.QueryAsync(new QuerySplitRequest { MerchantRequestId = "sdk-split", PrepayOrderId = Id(prepayId) });
        queried.Status.ShouldBe(SplitStatusCodes.Finished);
        queried.ReceiverOrderDetails.Single().Amount.ShouldBe(2.5m);
        queried.ReceiverOrderDetails.Single().Status.ShouldBe(SplitStatusCodes.LineSuccess);

        var back = await sdk.ReturnAsync(new SplitReturnRequest
        {
            PrepayOrderId = Id(prepayId),
            SplitOrderNo = first.Split.SplitOrderNo,
            MerchantReturnNo = "sdk-back",
            TransferOutAccount = account,
            ReturnAmount = 1m,
        });
        back.IsReplay.ShouldBeFalse();
        back.Return.Status.ShouldBe(SplitStatusCodes.LineSuccess);
        (await BuyerUnitsAsync(Server, buyerId)).ShouldBe(150_000_000);

        var refused = await Should.ThrowAsync<CitrineApiException>(() => sdk.SubmitAsync(request with
        {
            MerchantRequestId = "sdk-over",
            ReceiverList = [new SplitReceiverLine { Account = account, Amount = 100m, Description = "Too much." }],
        }));
        refused.Code.ShouldBe("400102");
        (await sdk.DeleteReceiverAsync(account)).Account.ShouldBe(account);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteSplitSdkTests(SqliteSplitServer fixture) : SplitSdkTests(fixture), IClassFixture<SqliteSplitServer>;

public sealed class PostgresSplitSdkTests(PostgresSplitServer fixture)
    : SplitSdkTests(fixture), IClassFixture<PostgresSplitServer>;

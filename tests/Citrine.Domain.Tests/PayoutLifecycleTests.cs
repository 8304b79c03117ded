using Citrine.Domain.Ledger;
using Citrine.Domain.Payouts;

namespace Citrine.Domain.Tests;

/// <summary>The payout tables (docs/compatibility.md#payouts): which edges exist and send which webhook, the batch's
/// final status from its lines, and the journals of a batch and a line.</summary>
public sealed class PayoutLifecycleTests
{
    [Theory]
    [InlineData(PayoutLineStatus.Processing, PayoutLineEvent.Pay, PayoutLineStatus.Success, null)]
    [InlineData(PayoutLineStatus.Processing, PayoutLineEvent.Reject, PayoutLineStatus.Fail, null)]
    [InlineData(PayoutLineStatus.Processing, PayoutLineEvent.Invite, PayoutLineStatus.AwaitingReceipt, null)]
    [InlineData(PayoutLineStatus.AwaitingReceipt, PayoutLineEvent.Receive, PayoutLineStatus.Success, "SUCCESS")]
    [InlineData(PayoutLineStatus.AwaitingReceipt, PayoutLineEvent.Expire, PayoutLineStatus.Refunded, "REFUNDED")]
    public void A_line_moves_only_along_its_edges(PayoutLineStatus from, PayoutLineEvent what, PayoutLineStatus to,
        string? bizStatus)
    {
        PayoutLifecycle.Line.Targets(from, what).ShouldBe([to]);
        PayoutLifecycle.Line.BizStatus(what, to).ShouldBe(bizStatus);
        foreach (var final in new[] { PayoutLineStatus.Success, PayoutLineStatus.Fail, PayoutLineStatus.Refunded })
        {
            PayoutLifecycle.Line.Allows(final, what).ShouldBeFalse($"{final} × {what}");
        }
    }

    [Fact]
    public void Open_lines_are_those_with_an_edge_out()
    {
        Enum.GetValues<PayoutLineStatus>()
            .Where(s => Enum.GetValues<PayoutLineEvent>().Any(e => PayoutLifecycle.Line.Allows(s, e)))
            .ShouldBe(PayoutLifecycle.Open, ignoreOrder: true);
    }

    [Theory]
    [InlineData(3, 3, PayoutBatchStatus.Success)]
    [InlineData(0, 3, PayoutBatchStatus.Failed)]
    [InlineData(1, 3, PayoutBatchStatus.PartSuccess)]
    [InlineData(1, 1, PayoutBatchStatus.Success)]
    public void A_batch_finishes_by_how_many_lines_were_paid(int paid, int total, PayoutBatchStatus expected)
    {
        PayoutLifecycle.FinalStatus(paid, total).ShouldBe(expected);
        PayoutLifecycle.Batch.BizStatus(PayoutBatchEvent.Finish, expected).ShouldBe(expected.WireName());
        PayoutLifecycle.Batch.Allows(PayoutBatchStatus.Accepted, PayoutBatchEvent.Finish).ShouldBeFalse();
    }

    [Fact]
    public void The_reserve_freezes_each_wallets_share_and_a_line_leaves_the_freeze_once()
    {
        var reserve = PayoutJournals.Reserve(7, 100, "USDT",
            new Dictionary<MerchantWalletKind, long> { [MerchantWalletKind.Funding] = 5, [MerchantWalletKind.Spot] = 2 });
        reserve.Kind.ShouldBe(JournalKinds.PayoutReserve);
        reserve.Postings.ShouldBe(
        [
            new Posting("merchant:7", "USDT", -5), new Posting("merchant:7:funding:freeze", "USDT", 5),
            new Posting("merchant:7:spot", "USDT", -2), new Posting("merchant:7:spot:freeze", "USDT", 2),
        ]);
        var paid = PayoutJournals.Pay(7, 101, MerchantWalletKind.Spot, "USDT", 2, 9);
        paid.Postings.ShouldBe([new Posting("merchant:7:spot:freeze", "USDT", -2), new Posting("buyer:9", "USDT", 2)]);
        paid.Reference.ShouldBe("101");
        PayoutJournals.Return(7, 102, MerchantWalletKind.Funding, "USDT", 5).Postings
            .ShouldBe([new Posting("merchant:7:funding:freeze", "USDT", -5), new Posting("merchant:7", "USDT", 5)]);
    }
}

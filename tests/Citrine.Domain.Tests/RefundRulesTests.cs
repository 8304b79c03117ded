using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Domain.Tests;

/// <summary>Refund Order's rules: the attempt limit, the remaining amount, the last refund taking the remainder,
/// pro-rata commission, and the journals that move the money.</summary>
public sealed class RefundRulesTests
{
    [Theory]
    [InlineData(OrderStatus.Paid, 0, 0, 30, RefundVerdict.Accepted)]
    [InlineData(OrderStatus.Refunding, 30, 1, 70, RefundVerdict.Accepted)]
    [InlineData(OrderStatus.Refunded, 30, 1, 71, RefundVerdict.AmountExceedsRemaining)]
    [InlineData(OrderStatus.FullRefunded, 100, 2, 1, RefundVerdict.AmountExceedsRemaining)]
    [InlineData(OrderStatus.Refunding, 100, 2, 1, RefundVerdict.AmountExceedsRemaining)]
    [InlineData(OrderStatus.Initial, 0, 0, 1, RefundVerdict.OrderNotRefundable)]
    [InlineData(OrderStatus.Canceled, 0, 0, 1, RefundVerdict.OrderNotRefundable)]
    [InlineData(OrderStatus.Pending, 0, 0, 1, RefundVerdict.OrderNotRefundable)]
    [InlineData(OrderStatus.Paid, 10, 10, 1, RefundVerdict.TooManyAttempts)]
    [InlineData(OrderStatus.Initial, 0, 10, 1, RefundVerdict.TooManyAttempts)]
    public void The_verdict_checks_attempts_then_status_and_amount(OrderStatus status, long refunded, int count,
        long requested, RefundVerdict expected)
    {
        var (verdict, share) = RefundRules.Decide(status, 100, 10, refunded, count, requested);
        verdict.ShouldBe(expected);
        (share is not null).ShouldBe(expected == RefundVerdict.Accepted);
    }

    [Fact]
    public void The_tenth_refund_takes_the_whole_remainder_whatever_was_asked()
    {
        var (verdict, share) = RefundRules.Decide(OrderStatus.Refunded, 100, 10, 9, RefundRules.AttemptsMax - 1, 1);
        verdict.ShouldBe(RefundVerdict.Accepted);
        share.ShouldBe(new RefundShare(91, 100, 10 - 0, 10, 0));

        var (bigger, taken) = RefundRules.Decide(OrderStatus.Refunded, 100, 10, 9, RefundRules.AttemptsMax - 1, 500);
        bigger.ShouldBe(RefundVerdict.Accepted);
        taken!.RefundUnits.ShouldBe(91);
    }

    [Fact]
    public void Commission_is_pro_rata_rounded_down_and_the_refunds_of_a_whole_order_return_all_of_it()
    {
        long refunded = 0, commission = 0;
        var count = 0;
        foreach (var ask in new long[] { 33, 33, 34 })
        {
            var (_, share) = RefundRules.Decide(OrderStatus.Paid, 100, 7, refunded, count++, ask);
            share!.RefundedCommissionAfter.ShouldBe(7 * share.RefundedUnitsAfter / 100);
            commission += share.CommissionUnits;
            refunded = share.RefundedUnitsAfter;
        }

        refunded.ShouldBe(100);
        commission.ShouldBe(7);
    }

    [Fact]
    public void Pro_rata_does_not_overflow_on_large_amounts() =>
        RefundRules.ProRata(long.MaxValue / 2, long.MaxValue / 3, long.MaxValue / 2).ShouldBe(long.MaxValue / 3);

    [Fact]
    public void Hold_and_release_move_the_merchant_share_and_commission_and_back()
    {
        var hold = RefundJournals.Hold(42, "USDT", "r1", 100, 3);
        hold.Kind.ShouldBe(JournalKinds.RefundHold);
        hold.Postings.ShouldBe(
        [
            new Posting(Accounts.Merchant(42), "USDT", -97), new Posting(Accounts.Fees, "USDT", -3),
            new Posting(Accounts.RefundsPending, "USDT", 100),
        ]);
        var release = RefundJournals.Release(42, "USDT", "r1", 100, 3);
        release.Kind.ShouldBe(JournalKinds.RefundRelease);
        hold.Postings.Concat(release.Postings).GroupBy(p => p.Account).ShouldAllBe(g => g.Sum(p => p.Units) == 0);

        RefundJournals.Hold(42, "USDT", "r2", 100, 0).Postings.ShouldAllBe(p => p.Units != 0);
    }

    [Fact]
    public void A_refund_in_the_order_currency_pays_the_buyer_back_one_for_one()
    {
        var journal = RefundJournals.Refund("USDT", 1000, "r1", 250, 250, new PaymentLeg("buyer:7", "USDT", 1000));
        journal.Postings.ShouldBe([new Posting(Accounts.RefundsPending, "USDT", -250), new Posting("buyer:7", "USDT", 250)]);
    }

    [Fact]
    public void A_refund_in_another_currency_pays_back_at_the_payment_s_rate_so_the_whole_order_returns_all_paid()
    {
        var paid = new PaymentLeg("buyer:7", "BTC", 1001);
        long back = 0;
        long refunded = 0;
        foreach (var units in new long[] { 333, 333, 334 })
        {
            refunded += units;
            var journal = RefundJournals.Refund("USDT", 1000, "r", units, refunded, paid);
            back += journal.Postings.Single(p => p.Account == "buyer:7").Units;
            journal.Postings.ShouldContain(new Posting(Accounts.Exchange, "USDT", units));
        }

        back.ShouldBe(1001);
    }
}

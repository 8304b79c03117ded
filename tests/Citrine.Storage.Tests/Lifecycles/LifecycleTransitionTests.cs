using System.Globalization;
using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Application.Orders;
using Citrine.Application.Payments;
using Citrine.Application.Refunds;
using Citrine.Domain.DirectDebit;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Storage.Tests.Lifecycles;

/// <summary>
/// Every (state, event) pair of the order, refund and contract lifecycles, driven through the real store method on a
/// row seeded in that state, on SQLite and PostgreSQL. The store must do exactly what the domain's table says: an
/// allowed pair moves the row to the table's target and writes exactly the webhook the edge names (and its journal);
/// a refused pair changes nothing. Where a store asks the rules first (refunds), the rules are bypassed so that the
/// store's own conditional SQL is what is tested: it fails if the SQL and the table disagree.
/// </summary>
public abstract class LifecycleTransitionTests(LifecycleDatabase fixture)
{
    private const long BuyerId = 5;

    private Database Database => fixture.Database;

    private LifecycleSeeds Seeds => new(Database);

    public static TheoryData<OrderStatus, OrderEvent> OrderPairs =>
        new(Enum.GetValues<OrderStatus>().SelectMany(s => Enum.GetValues<OrderEvent>().Select(e => (s, e))));

    public static TheoryData<RefundStatus, RefundEvent> RefundPairs =>
        new(Enum.GetValues<RefundStatus>().SelectMany(s => Enum.GetValues<RefundEvent>().Select(e => (s, e))));

    public static TheoryData<ContractStatus, ContractEvent> ContractPairs =>
        new(Enum.GetValues<ContractStatus>().SelectMany(s => Enum.GetValues<ContractEvent>().Select(e => (s, e))));

    public static TheoryData<OrderStatus> OrderStatuses => new(Enum.GetValues<OrderStatus>());

    [Theory]
    [MemberData(nameof(OrderPairs))]
    public async Task Every_order_pair_does_on_the_store_what_the_table_says(OrderStatus from, OrderEvent what)
    {
        var merchant = await Seeds.MerchantAsync();
        var settles = what is OrderEvent.RefundSucceeded or OrderEvent.RefundRejected;
        var order = await Seeds.OrderAsync(merchant, from, overdue: what == OrderEvent.Expire,
            refundedUnits: settles || OrderLifecycle.PaidStatuses.Contains(from) ? 300 : 0, refundCount: 2);
        if (settles || OrderLifecycle.PaidStatuses.Contains(from))
        {
            await Seeds.PaidAsync(order, BuyerId);
        }

        long? refundId = settles
            ? await Seeds.RefundAsync(order, RefundStatus.Pending, reject: what == OrderEvent.RefundRejected)
            : null;
        await Seeds.FundAsync(Accounts.Buyer(BuyerId), order.AmountUnits);
        await Seeds.FundAsync(Accounts.Merchant(merchant), order.AmountUnits);
        var before = await Seeds.OrderSnapshotAsync(order.PrepayId);
        var journalsBefore = (await Seeds.JournalKindsAsync(order.PrepayId)).Count;
        var nowMs = LifecycleSeeds.NowMs();

        var won = what switch
        {
            OrderEvent.Pay => await PayAsync(order, nowMs),
            OrderEvent.Close => await new SqlOrderStore(Database).TryCloseAsync(order.PrepayId, nowMs,
                OrderNotifications.Closed(order, nowMs), CancellationToken.None),
            OrderEvent.Expire => await ExpireAsync(order, nowMs),
            OrderEvent.RefundRequested => await RequestRefundAsync(order, nowMs),
            _ => await new SqlRefundStore(Database).SettleAsync(refundId!.Value, nowMs,
                found => RefundPlans.Settle(found, nowMs), CancellationToken.None) == RefundSettleOutcome.Settled,
        };

        var targets = OrderLifecycle.Table.Targets(from, what);
        if (targets.Count == 0)
        {
            won.ShouldBeFalse($"{from} × {what} is refused by the table");
            (await Seeds.OrderSnapshotAsync(order.PrepayId)).ShouldBe(before);
            return;
        }

        won.ShouldBeTrue($"{from} × {what} is allowed by the table");
        var expected = targets.Count == 1
            ? targets[0]
            : OrderLifecycle.AfterRefundSettles(what, order.AmountUnits,
                what == OrderEvent.RefundRejected ? order.RefundedUnits - LifecycleSeeds.RefundUnits : order.RefundedUnits,
                anotherPending: false);
        (await Seeds.OrderStatusAsync(order.PrepayId)).ShouldBe(expected.WireName());
        var webhook = settles
            ? RefundLifecycle.Table.BizStatus(what == OrderEvent.RefundRejected ? RefundEvent.Reject : RefundEvent.Succeed,
                what == OrderEvent.RefundRejected ? RefundStatus.Fail : RefundStatus.Success)
            : OrderLifecycle.Table.BizStatus(what, expected);
        (await Seeds.OutboxAsync(order.PrepayId)).ShouldBe(webhook is null ? [] : [webhook]);
        var journals = await Seeds.JournalKindsAsync(order.PrepayId);
        journals.Count.ShouldBe(journalsBefore + (what is OrderEvent.Close or OrderEvent.Expire ? 0 : 1));
        if (refundId is { } settled)
        {
            (await Seeds.RefundStatusAsync(settled)).ShouldBe(
                (what == OrderEvent.RefundRejected ? RefundStatus.Fail : RefundStatus.Success).WireName());
        }
    }

    [Theory]
    [MemberData(nameof(OrderStatuses))]
    public async Task The_sandbox_expires_now_only_what_the_table_lets_expire(OrderStatus from)
    {
        var order = await Seeds.OrderAsync(await Seeds.MerchantAsync(), from, overdue: false);
        var before = await Seeds.OrderSnapshotAsync(order.PrepayId);
        var nowMs = LifecycleSeeds.NowMs();

        var won = await new SqlSandboxStore(Database).TryExpireNowAsync(order.PrepayId, nowMs,
            OrderNotifications.Closed(order, nowMs), CancellationToken.None);

        won.ShouldBe(OrderLifecycle.Table.Allows(from, OrderEvent.Expire));
        if (won)
        {
            var to = OrderLifecycle.Table.Target(OrderEvent.Expire);
            (await Seeds.OrderStatusAsync(order.PrepayId)).ShouldBe(to.WireName());
            (await Seeds.OutboxAsync(order.PrepayId)).ShouldBe([OrderLifecycle.Table.BizStatus(OrderEvent.Expire, to)!]);
        }
        else
        {
            (await Seeds.OrderSnapshotAsync(order.PrepayId)).ShouldBe(before);
        }
    }

    [Theory]
    [InlineData(RefundEvent.Succeed, 1_000L, false, OrderStatus.FullRefunded)]
    [InlineData(RefundEvent.Succeed, 300L, false, OrderStatus.Refunded)]
    [InlineData(RefundEvent.Succeed, 300L, true, OrderStatus.Refunding)]
    [InlineData(RefundEvent.Reject, 100L, false, OrderStatus.Paid)]
    [InlineData(RefundEvent.Reject, 300L, false, OrderStatus.Refunded)]
    [InlineData(RefundEvent.Reject, 300L, true, OrderStatus.Refunding)]
    public async Task A_settling_refund_leaves_the_order_where_the_domain_says(RefundEvent what, long refunded,
        bool anotherPending, OrderStatus expected)
    {
        var order = await Seeds.OrderAsync(await Seeds.MerchantAsync(), OrderStatus.Refunding, overdue: false,
            refundedUnits: refunded, refundCount: 2);
        await Seeds.PaidAsync(order, BuyerId);
        var refundId = await Seeds.RefundAsync(order, RefundStatus.Pending, reject: what == RefundEvent.Reject);
        if (anotherPending)
        {
            await Seeds.RefundAsync(order, RefundStatus.Pending, reject: false);
        }

        var nowMs = LifecycleSeeds.NowMs();
        (await new SqlRefundStore(Database).SettleAsync(refundId, nowMs, found => RefundPlans.Settle(found, nowMs),
            CancellationToken.None)).ShouldBe(RefundSettleOutcome.Settled);

        var refundedAfter = what == RefundEvent.Reject ? refunded - LifecycleSeeds.RefundUnits : refunded;
        OrderLifecycle.AfterRefundSettles(what.OrderEvent(), order.AmountUnits, refundedAfter, anotherPending)
            .ShouldBe(expected);
        (await Seeds.OrderStatusAsync(order.PrepayId)).ShouldBe(expected.WireName());
        var to = RefundLifecycle.Table.Targets(RefundStatus.Pending, what).Single();
        (await Seeds.RefundStatusAsync(refundId)).ShouldBe(to.WireName());
        (await Seeds.OutboxAsync(order.PrepayId)).ShouldBe([RefundLifecycle.Table.BizStatus(what, to)!]);
    }

    [Theory]
    [MemberData(nameof(RefundPairs))]
    public async Task Every_refund_pair_does_on_the_store_what_the_table_says(RefundStatus from, RefundEvent what)
    {
        var order = await Seeds.OrderAsync(await Seeds.MerchantAsync(), OrderStatus.Refunding, overdue: false,
            refundedUnits: 300, refundCount: 2);
        await Seeds.PaidAsync(order, BuyerId);
        var refundId = await Seeds.RefundAsync(order, from, reject: what == RefundEvent.Reject);
        var before = await Seeds.OrderSnapshotAsync(order.PrepayId);
        var nowMs = LifecycleSeeds.NowMs();

        var won = await new SqlRefundStore(Database).SettleAsync(refundId, nowMs,
            found => RefundPlans.Settle(found, nowMs), CancellationToken.None) == RefundSettleOutcome.Settled;

        var targets = RefundLifecycle.Table.Targets(from, what);
        if (targets.Count == 0)
        {
            won.ShouldBeFalse($"{from} × {what} is refused by the table");
            (await Seeds.OrderSnapshotAsync(order.PrepayId)).ShouldBe(before);
            return;
        }

        won.ShouldBeTrue($"{from} × {what} is allowed by the table");
        (await Seeds.RefundStatusAsync(refundId)).ShouldBe(targets.Single().WireName());
        (await Seeds.OutboxAsync(order.PrepayId)).ShouldBe([RefundLifecycle.Table.BizStatus(what, targets.Single())!]);
    }

    [Theory]
    [MemberData(nameof(ContractPairs))]
    public async Task Every_contract_pair_does_on_the_store_what_the_table_says(ContractStatus from,
        ContractEvent what)
    {
        var contract = await Seeds.ContractAsync(await Seeds.MerchantAsync(), from, overdue: what == ContractEvent.Expire);
        var before = await Seeds.ContractSnapshotAsync(contract);
        var nowMs = LifecycleSeeds.NowMs();
        var store = new SqlContractStore(Database);

        var won = what switch
        {
            ContractEvent.Sign => await store.TrySignAsync(contract.PreContractId, BuyerId, "open" + BuyerId, nowMs,
                ContractNotifications.Of(what, nowMs)!, CancellationToken.None),
            ContractEvent.TerminateByUser => await store.TryTerminateAsync(contract.PreContractId,
                ContractTerminationWay.ByUser, null, nowMs, ContractNotifications.Of(what, nowMs),
                CancellationToken.None),
            ContractEvent.TerminateByMerchant => await store.TryTerminateAsync(contract.PreContractId,
                ContractTerminationWay.ByMerchant, "done", nowMs, ContractNotifications.Of(what, nowMs),
                CancellationToken.None),
            ContractEvent.Expire => await ExpireAsync(store, contract, nowMs),
            _ => await Database.WriteAsync((c, ct) => SqlContractStore.TryDebitAsync(c, contract.MerchantId,
                contract.ContractId, 100, nowMs, ct), CancellationToken.None) is not null,
        };

        var targets = ContractLifecycle.Table.Targets(from, what);
        if (targets.Count == 0)
        {
            won.ShouldBeFalse($"{from} × {what} is refused by the table");
            (await Seeds.ContractSnapshotAsync(contract)).ShouldBe(before);
            return;
        }

        won.ShouldBeTrue($"{from} × {what} is allowed by the table");
        var after = await store.GetAsync(contract.PreContractId, CancellationToken.None);
        after!.Status.ShouldBe(targets.Single());
        var webhook = ContractLifecycle.Table.BizStatus(what, targets.Single());
        (await Seeds.OutboxAsync(contract.ContractId)).ShouldBe(webhook is null ? [] : [webhook]);
        after.DebitCount.ShouldBe(what == ContractEvent.Debit ? 1 : 0);
    }

    private async Task<bool> PayAsync(Order order, long nowMs)
    {
        var paid = order with
        {
            Status = OrderStatus.Paid,
            TransactTimeMs = nowMs,
            TransactionId = Ids.NewTransactionId(nowMs),
            PayerId = BuyerId,
            CommissionUnits = LifecycleSeeds.CommissionUnits,
        };
        var outcome = await new SqlPaymentStore(Database).TryPayAsync(paid,
            LifecycleSeeds.PaymentJournal(order, BuyerId), OrderNotifications.Paid(paid, nowMs), nowMs,
            CancellationToken.None);
        outcome.ShouldNotBe(PayOutcome.InsufficientFunds);
        return outcome == PayOutcome.Paid;
    }

    private async Task<bool> ExpireAsync(Order order, long nowMs)
    {
        var store = new SqlOrderStore(Database);
        var listed = (await store.ListOverdueAsync(nowMs, int.MaxValue, CancellationToken.None))
            .Any(o => o.PrepayId == order.PrepayId);
        var won = await store.TryExpireAsync(order.PrepayId, nowMs, OrderNotifications.Closed(order, nowMs),
            CancellationToken.None);
        listed.ShouldBe(won, "the sweeper lists exactly the orders the Expire edge takes");
        return won;
    }

    private static async Task<bool> ExpireAsync(SqlContractStore store, Contract contract, long nowMs)
    {
        var listed = (await store.ListOverdueAsync(nowMs, int.MaxValue, CancellationToken.None))
            .Any(c => c.PreContractId == contract.PreContractId);
        var won = await store.TryExpireAsync(contract.PreContractId, nowMs,
            ContractNotifications.Of(ContractEvent.Expire, nowMs)!, CancellationToken.None);
        listed.ShouldBe(won, "the sweeper lists exactly the contracts the Expire edge takes");
        return won;
    }

    /// <summary>Asks for a refund with rules that accept anything, so only the store's SQL can refuse.</summary>
    private async Task<bool> RequestRefundAsync(Order order, long nowMs)
    {
        var request = new RefundRequest(order.MerchantId, "r" + Guid.NewGuid().ToString("N"), order.PrepayId,
            LifecycleSeeds.RefundUnits, null, null);
        var attempt = await new SqlRefundStore(Database).RequestAsync(request, nowMs, found =>
        {
            var refund = new Refund
            {
                RefundId = Ids.NewPrepayId(nowMs),
                MerchantId = request.MerchantId,
                RefundRequestId = request.RefundRequestId,
                PrepayId = order.PrepayId,
                Fingerprint = request.Fingerprint,
                RefundUnits = LifecycleSeeds.RefundUnits,
                RefundedUnitsAfter = found.Order.RefundedUnits + LifecycleSeeds.RefundUnits,
                RefundCommissionUnits = LifecycleSeeds.RefundCommissionUnits,
                RefundedCommissionAfter = LifecycleSeeds.RefundCommissionUnits,
                RemainingAttempts = RefundRules.AttemptsMax - found.RefundCount - 1,
                Status = RefundStatus.Pending.WireName(),
                CreatedAtMs = nowMs,
            };
            return new RefundAcceptance(RefundOutcome.Accepted, refund, RefundJournals.Hold(order.MerchantId,
                order.Currency, refund.RefundId.ToString(CultureInfo.InvariantCulture), refund.RefundUnits,
                refund.RefundCommissionUnits));
        }, CancellationToken.None);
        attempt.Outcome.ShouldNotBe(RefundOutcome.MerchantBalanceTooLow);
        return attempt.Outcome == RefundOutcome.Accepted;
    }
}

public sealed class SqliteLifecycleTransitionTests(SqliteLifecycleDatabase fixture)
    : LifecycleTransitionTests(fixture), IClassFixture<SqliteLifecycleDatabase>;

public sealed class PostgresLifecycleTransitionTests(PostgresLifecycleDatabase fixture)
    : LifecycleTransitionTests(fixture), IClassFixture<PostgresLifecycleDatabase>;

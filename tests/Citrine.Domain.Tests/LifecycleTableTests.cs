using Citrine.Domain.DirectDebit;
using Citrine.Domain.Lifecycles;
using Citrine.Domain.Orders;
using Citrine.Domain.Payouts;
using Citrine.Domain.Refunds;

namespace Citrine.Domain.Tests;

/// <summary>
/// What every lifecycle table must be: each edge between known states, each (state, event) pair decided once (no edge
/// listed twice), webhooks only on allowed edges and one per (event, target), nothing out of a final state, and names
/// that stores can write into SQL.
/// </summary>
public sealed class LifecycleTableTests
{
    [Fact]
    public void The_order_table_is_consistent() => AssertConsistent(OrderLifecycle.Table,
        [OrderStatus.Canceled, OrderStatus.Expired, OrderStatus.FullRefunded]);

    [Fact]
    public void The_refund_table_is_consistent() =>
        AssertConsistent(RefundLifecycle.Table, [RefundStatus.Success, RefundStatus.Fail]);

    [Fact]
    public void The_contract_table_is_consistent() =>
        AssertConsistent(ContractLifecycle.Table, [ContractStatus.Terminated, ContractStatus.Expired]);

    [Fact]
    public void The_payout_tables_are_consistent()
    {
        AssertConsistent(PayoutLifecycle.Batch,
            [PayoutBatchStatus.Success, PayoutBatchStatus.PartSuccess, PayoutBatchStatus.Failed]);
        AssertConsistent(PayoutLifecycle.Line,
            [PayoutLineStatus.Success, PayoutLineStatus.Fail, PayoutLineStatus.Refunded]);
    }

    [Fact]
    public void A_table_refuses_an_edge_listed_twice_or_an_event_with_two_webhooks_for_one_target()
    {
        Should.Throw<ArgumentException>(() => new Lifecycle<RefundStatus, RefundEvent>(s => s.WireName(),
            new(RefundStatus.Pending, RefundEvent.Succeed, RefundStatus.Success, "A"),
            new(RefundStatus.Pending, RefundEvent.Succeed, RefundStatus.Success, "A")));
        Should.Throw<ArgumentException>(() => new Lifecycle<RefundStatus, RefundEvent>(s => s.WireName(),
            new(RefundStatus.Pending, RefundEvent.Succeed, RefundStatus.Success, "A"),
            new(RefundStatus.Fail, RefundEvent.Succeed, RefundStatus.Success, "B")));
    }

    [Theory]
    [InlineData(RefundStatus.Pending, RefundEvent.Succeed, RefundStatus.Success, "REFUND_SUCCESS")]
    [InlineData(RefundStatus.Pending, RefundEvent.Reject, RefundStatus.Fail, "REFUND_REJECTED")]
    public void A_pending_refund_settles_once_with_its_webhook(RefundStatus from, RefundEvent refundEvent,
        RefundStatus to, string bizStatus)
    {
        RefundLifecycle.Table.Targets(from, refundEvent).ShouldBe([to]);
        RefundLifecycle.Table.BizStatus(refundEvent, to).ShouldBe(bizStatus);
        foreach (var settled in new[] { RefundStatus.Success, RefundStatus.Fail })
        {
            RefundLifecycle.Table.Allows(settled, refundEvent).ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData(RefundStatus.Pending, "REFUND_PENDING")]
    [InlineData(RefundStatus.Success, "REFUND_SUCCESS")]
    [InlineData(RefundStatus.Fail, "REFUND_FAIL")]
    public void Refund_statuses_have_Binance_s_names(RefundStatus status, string wire)
    {
        status.WireName().ShouldBe(wire);
        RefundLifecycle.ParseRefundStatus(wire).ShouldBe(status);
    }

    [Fact]
    public void The_contract_edges_and_their_webhooks_are_as_documented()
    {
        var table = ContractLifecycle.Table;
        table.Transitions.Select(t => (t.From, t.Event, t.To, t.BizStatus)).ShouldBe(
        [
            (ContractStatus.Initial, ContractEvent.Sign, ContractStatus.Signed, "CONTRACT_SIGNED"),
            (ContractStatus.Signed, ContractEvent.TerminateByUser, ContractStatus.Terminated, "CONTRACT_TERMINATED"),
            (ContractStatus.Signed, ContractEvent.TerminateByMerchant, ContractStatus.Terminated, null),
            (ContractStatus.Initial, ContractEvent.Expire, ContractStatus.Expired, "CONTRACT_EXPIRED"),
            (ContractStatus.Signed, ContractEvent.Expire, ContractStatus.Expired, "CONTRACT_EXPIRED"),
            (ContractStatus.Signed, ContractEvent.Debit, ContractStatus.Signed, null),
        ], ignoreOrder: true);
        ContractLifecycle.TerminationEvent(ContractTerminationWay.ByMerchant)
            .ShouldBe(ContractEvent.TerminateByMerchant);
        ContractLifecycle.TerminationEvent(ContractTerminationWay.ByUser).ShouldBe(ContractEvent.TerminateByUser);
    }

    private static void AssertConsistent<TState, TEvent>(Lifecycle<TState, TEvent> table, TState[] final)
        where TState : struct, Enum
        where TEvent : struct, Enum
    {
        var states = Enum.GetValues<TState>();
        var events = Enum.GetValues<TEvent>();
        table.Transitions.ShouldAllBe(t => states.Contains(t.From) && states.Contains(t.To)
                                           && events.Contains(t.Event));
        table.Transitions.GroupBy(t => (t.From, t.Event, t.To)).ShouldAllBe(g => g.Count() == 1);

        // Every pair is decided: allowed exactly when it has a target, and its webhook only exists on its edges.
        foreach (var from in states)
        {
            foreach (var what in events)
            {
                var targets = table.Targets(from, what);
                table.Allows(from, what).ShouldBe(targets.Count > 0, $"{from} × {what}");
                foreach (var to in states)
                {
                    table.Allows(from, what, to).ShouldBe(targets.Contains(to), $"{from} × {what} → {to}");
                }
            }
        }

        table.Transitions.GroupBy(t => (t.Event, t.To)).ShouldAllBe(g => g.Select(t => t.BizStatus).Distinct()
            .Count() == 1);
        table.Transitions.ShouldAllBe(t => !final.Contains(t.From));
        states.ShouldAllBe(s => System.Text.RegularExpressions.Regex.IsMatch(table.Name(s), "^[A-Z][A-Z_]*$"));
        states.Select(table.Name).Distinct().Count().ShouldBe(states.Length);
    }
}

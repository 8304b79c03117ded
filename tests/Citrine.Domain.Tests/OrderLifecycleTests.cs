using Citrine.Domain.Orders;

namespace Citrine.Domain.Tests;

/// <summary>
/// The order lifecycle, pair by pair. Binance documents the statuses, not the edges; this table is Citrine's decision
/// (docs/compatibility.md) and every (status, event) pair is written out, the refusals included, with the webhook
/// each allowed edge sends.
/// </summary>
public sealed class OrderLifecycleTests
{
    private static readonly OrderEvent[] Events =
    [
        OrderEvent.Pay, OrderEvent.Close, OrderEvent.Expire, OrderEvent.RefundRequested, OrderEvent.RefundSucceeded,
        OrderEvent.RefundRejected,
    ];

    private static readonly OrderStatus[] No = [];
    private static readonly OrderStatus[] AfterSuccess =
        [OrderStatus.Refunding, OrderStatus.Refunded, OrderStatus.FullRefunded];
    private static readonly OrderStatus[] AfterReject = [OrderStatus.Refunding, OrderStatus.Refunded, OrderStatus.Paid];

    /// <summary>Possible next statuses per event, columns in <see cref="Events"/> order; empty = refused.</summary>
    private static readonly Dictionary<OrderStatus, OrderStatus[][]> Table = new()
    {
        // Columns: Pay, Close, Expire, RefundRequested, RefundSucceeded, RefundRejected.
        [OrderStatus.Initial] = [[OrderStatus.Paid], [OrderStatus.Canceled], [OrderStatus.Expired], No, No, No],
        [OrderStatus.Pending] = [No, No, No, No, No, No],
        [OrderStatus.Paid] = [No, No, No, [OrderStatus.Refunding], No, No],
        [OrderStatus.Canceled] = [No, No, No, No, No, No],
        [OrderStatus.Error] = [No, No, No, No, No, No],
        [OrderStatus.Refunding] = [No, No, No, [OrderStatus.Refunding], AfterSuccess, AfterReject],
        [OrderStatus.Refunded] = [No, No, No, [OrderStatus.Refunding], No, No],
        [OrderStatus.FullRefunded] = [No, No, No, No, No, No],
        [OrderStatus.Expired] = [No, No, No, No, No, No],
    };

    public static TheoryData<OrderStatus, OrderEvent> Pairs =>
        new(Enum.GetValues<OrderStatus>().SelectMany(s => Enum.GetValues<OrderEvent>().Select(e => (s, e))));

    [Fact]
    public void The_table_names_every_status_and_every_event()
    {
        Table.Keys.ShouldBe(Enum.GetValues<OrderStatus>(), ignoreOrder: true);
        Events.ShouldBe(Enum.GetValues<OrderEvent>(), ignoreOrder: true);
        Table.Values.ShouldAllBe(row => row.Length == Events.Length);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_status_and_event_pair_goes_where_the_table_says(OrderStatus from, OrderEvent orderEvent)
    {
        var expected = Table[from][Array.IndexOf(Events, orderEvent)];
        OrderLifecycle.Table.Targets(from, orderEvent).ShouldBe(expected, ignoreOrder: true);
        OrderLifecycle.Table.Allows(from, orderEvent).ShouldBe(expected.Length > 0);
    }

    [Theory]
    [InlineData(OrderEvent.Pay, OrderStatus.Paid, "PAY_SUCCESS")]
    [InlineData(OrderEvent.Close, OrderStatus.Canceled, "PAY_CLOSED")]
    [InlineData(OrderEvent.Expire, OrderStatus.Expired, "PAY_CLOSED")]
    [InlineData(OrderEvent.RefundRequested, OrderStatus.Refunding, null)]
    [InlineData(OrderEvent.RefundSucceeded, OrderStatus.Refunded, null)]
    [InlineData(OrderEvent.RefundRejected, OrderStatus.Paid, null)]
    public void Each_edge_sends_the_webhook_the_server_has_always_sent(OrderEvent orderEvent, OrderStatus to,
        string? bizStatus) =>
        OrderLifecycle.Table.BizStatus(orderEvent, to).ShouldBe(bizStatus);

    [Fact]
    public void The_refund_webhook_belongs_to_the_refund_not_to_the_order() =>
        OrderLifecycle.Table.Transitions
            .Where(t => t.Event is OrderEvent.RefundRequested or OrderEvent.RefundSucceeded or OrderEvent.RefundRejected)
            .ShouldAllBe(t => t.BizStatus == null);

    [Fact]
    public void Pending_and_error_are_never_entered_nor_left()
    {
        // Citrine never produces them; they stay parseable because Binance reports them.
        OrderLifecycle.Table.Transitions.ShouldAllBe(t =>
            t.From != OrderStatus.Pending && t.To != OrderStatus.Pending && t.From != OrderStatus.Error
            && t.To != OrderStatus.Error);
        OrderLifecycle.ParseOrderStatus("PENDING").ShouldBe(OrderStatus.Pending);
        OrderLifecycle.ParseOrderStatus("ERROR").ShouldBe(OrderStatus.Error);
    }

    [Fact]
    public void The_paid_statuses_are_paid_and_everything_a_paid_order_can_become() =>
        OrderLifecycle.PaidStatuses.ShouldBe(
            [OrderStatus.Paid, OrderStatus.Refunding, OrderStatus.Refunded, OrderStatus.FullRefunded],
            ignoreOrder: true);

    [Fact]
    public void A_refund_may_be_asked_for_on_a_paid_order_with_something_left() =>
        OrderLifecycle.RefundableStatuses.ShouldBe([OrderStatus.Paid, OrderStatus.Refunding, OrderStatus.Refunded],
            ignoreOrder: true);

    [Theory]
    [InlineData(OrderStatus.Initial, false)]
    [InlineData(OrderStatus.Pending, true)]
    [InlineData(OrderStatus.Paid, true)]
    [InlineData(OrderStatus.Canceled, false)]
    [InlineData(OrderStatus.Error, true)]
    [InlineData(OrderStatus.Refunding, true)]
    [InlineData(OrderStatus.Refunded, true)]
    [InlineData(OrderStatus.FullRefunded, true)]
    [InlineData(OrderStatus.Expired, false)]
    public void Payment_activity_is_what_makes_close_answer_400204_as_paid(OrderStatus status, bool activity) =>
        OrderLifecycle.HasPaymentActivity(status).ShouldBe(activity);

    [Fact]
    public void Only_an_order_without_payment_activity_can_be_closed()
    {
        foreach (var status in OrderLifecycle.Table.Sources(OrderEvent.Close))
        {
            OrderLifecycle.HasPaymentActivity(status).ShouldBeFalse(status.ToString());
        }
    }

    [Theory]
    [InlineData(OrderEvent.RefundSucceeded, 100, 40, true, OrderStatus.Refunding)]
    [InlineData(OrderEvent.RefundSucceeded, 100, 40, false, OrderStatus.Refunded)]
    [InlineData(OrderEvent.RefundSucceeded, 100, 100, false, OrderStatus.FullRefunded)]
    [InlineData(OrderEvent.RefundSucceeded, 100, 100, true, OrderStatus.Refunding)]
    [InlineData(OrderEvent.RefundRejected, 100, 0, false, OrderStatus.Paid)]
    [InlineData(OrderEvent.RefundRejected, 100, 30, false, OrderStatus.Refunded)]
    [InlineData(OrderEvent.RefundRejected, 100, 0, true, OrderStatus.Refunding)]
    public void After_a_refund_settles_the_order_follows_what_is_left(OrderEvent settled, long amount,
        long refundedAfter, bool anotherPending, OrderStatus expected)
    {
        OrderLifecycle.AfterRefundSettles(settled, amount, refundedAfter, anotherPending).ShouldBe(expected);
        OrderLifecycle.Table.Allows(OrderStatus.Refunding, settled, expected).ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrderEvent.RefundSucceeded, 0L)]
    [InlineData(OrderEvent.RefundRejected, 100L)]
    [InlineData(OrderEvent.Pay, 50L)]
    public void A_settlement_the_table_forbids_is_refused(OrderEvent settled, long refundedAfter) =>
        Should.Throw<InvalidOperationException>(() =>
            OrderLifecycle.AfterRefundSettles(settled, 100, refundedAfter, anotherPending: false));

    [Theory]
    [InlineData(OrderStatus.Initial, "INITIAL")]
    [InlineData(OrderStatus.Pending, "PENDING")]
    [InlineData(OrderStatus.Paid, "PAID")]
    [InlineData(OrderStatus.Canceled, "CANCELED")]
    [InlineData(OrderStatus.Error, "ERROR")]
    [InlineData(OrderStatus.Refunding, "REFUNDING")]
    [InlineData(OrderStatus.Refunded, "REFUNDED")]
    [InlineData(OrderStatus.FullRefunded, "FULL_REFUNDED")]
    [InlineData(OrderStatus.Expired, "EXPIRED")]
    public void Wire_names_are_Binance_s_nine_statuses_and_parse_back(OrderStatus status, string wire)
    {
        status.WireName().ShouldBe(wire);
        OrderLifecycle.ParseOrderStatus(wire).ShouldBe(status);
    }

    [Fact]
    public void An_unknown_status_value_has_no_wire_name_and_an_unknown_name_no_status()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ((OrderStatus)99).WireName());
        Should.Throw<InvalidDataException>(() => OrderLifecycle.ParseOrderStatus("PAYED"));
    }
}

using Citrine.Domain.Orders;

namespace Citrine.Domain.Tests;

/// <summary>
/// The order lifecycle, pair by pair. Binance documents the statuses, not the edges
/// (docs/api-reference.md#query-order); this table is Citrine's decision (docs/compatibility.md) and every (status,
/// event) pair is written out, the refusals included.
/// </summary>
public sealed class OrderStateMachineTests
{
    private static OrderStatus? No => null;

    private static readonly OrderEvent[] Events =
    [
        OrderEvent.Pay, OrderEvent.Close, OrderEvent.Expire, OrderEvent.RefundRequested,
        OrderEvent.RefundSettledPartially, OrderEvent.RefundSettledFully, OrderEvent.RefundRejected,
    ];

    /// <summary>Next status per event, columns in <see cref="Events"/> order; <see cref="No"/> = refused.</summary>
    private static readonly Dictionary<OrderStatus, OrderStatus?[]> Table = new()
    {
        // Columns: Pay, Close, Expire, RefundRequested, RefundSettledPartially, RefundSettledFully, RefundRejected.
        [OrderStatus.Initial] = [OrderStatus.Paid, OrderStatus.Canceled, OrderStatus.Expired, No, No, No, No],
        [OrderStatus.Pending] = [OrderStatus.Paid, No, OrderStatus.Expired, No, No, No, No],
        [OrderStatus.Paid] = [No, No, No, OrderStatus.Refunding, No, No, No],
        [OrderStatus.Canceled] = [No, No, No, No, No, No, No],
        [OrderStatus.Error] = [No, No, No, No, No, No, No],
        [OrderStatus.Refunding] = [No, No, No, No, OrderStatus.Refunded, OrderStatus.FullRefunded, No],
        [OrderStatus.Refunded] = [No, No, No, OrderStatus.Refunding, No, No, No],
        [OrderStatus.FullRefunded] = [No, No, No, No, No, No, No],
        [OrderStatus.Expired] = [No, No, No, No, No, No, No],
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
        OrderStateMachine.Next(from, orderEvent).ShouldBe(expected);
    }

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
        OrderStateMachine.HasPaymentActivity(status).ShouldBe(activity);

    [Fact]
    public void Only_an_order_without_payment_activity_can_be_closed()
    {
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            if (OrderStateMachine.Next(status, OrderEvent.Close) is not null)
            {
                OrderStateMachine.HasPaymentActivity(status).ShouldBeFalse(status.ToString());
            }
        }
    }

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
    public void Wire_names_are_Binance_s_nine_statuses(OrderStatus status, string wire) =>
        status.WireName().ShouldBe(wire);

    [Fact]
    public void An_unknown_status_value_has_no_wire_name() =>
        Should.Throw<ArgumentOutOfRangeException>(() => ((OrderStatus)99).WireName());
}

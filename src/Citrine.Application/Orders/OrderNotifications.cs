using System.Globalization;
using System.Text.Json;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Webhooks;
using Citrine.Domain.Orders;

namespace Citrine.Application.Orders;

/// <summary>Builds the <c>PAY</c> order notifications (docs/api-reference.md#order-notification) for the
/// outbox.</summary>
public static class OrderNotifications
{
    /// <summary>The webhook of a Close or Expire edge (<see cref="OrderLifecycle.Table"/>).</summary>
    public static OutboxEvent Closed(Order order, long nowMs) =>
        Build(order, BizStatus(OrderEvent.Close), order with { TransactTimeMs = nowMs }, nowMs);

    /// <summary>The webhook of the Pay edge.</summary>
    public static OutboxEvent Paid(Order paidOrder, long nowMs) =>
        Build(paidOrder, BizStatus(OrderEvent.Pay), paidOrder, nowMs);

    private static string BizStatus(OrderEvent orderEvent) =>
        OrderLifecycle.Table.BizStatus(orderEvent, OrderLifecycle.Table.Target(orderEvent))!;

    public static string StreamKey(long prepayId) =>
        string.Create(CultureInfo.InvariantCulture, $"order:{prepayId}");

    private static OutboxEvent Build(Order order, string bizStatus, Order snapshot, long nowMs)
    {
        WebhookPaymentInfo? paymentInfo = null;
        if (snapshot.PaymentInfoJson is { } json)
        {
            var stored = JsonSerializer.Deserialize<Contracts.Orders.PaymentInfo>(json, WireJson.Options)!;
            paymentInfo = new WebhookPaymentInfo
            {
                PayerId = snapshot.PayerId ?? 0,
                PayMethod = stored.PayMethod,
                PaymentInstructions = stored.PaymentInstructions,
            };
        }

        var data = new OrderNotificationData
        {
            MerchantTradeNo = snapshot.MerchantTradeNo,
            ProductType = snapshot.ProductType,
            ProductName = snapshot.ProductName,
            TransactTime = snapshot.TransactTimeMs ?? nowMs,
            TradeType = snapshot.TerminalType,
            TotalFee = Amounts.FromUnits(snapshot.AmountUnits),
            Currency = snapshot.Currency,
            TransactionId = snapshot.TransactionId,
            OpenUserId = snapshot.OpenUserId,
            PassThroughInfo = snapshot.PassThroughInfo,
            Commission = Amounts.FromUnits(snapshot.CommissionUnits),
            PaymentInfo = paymentInfo,
        };
        return new OutboxEvent(order.MerchantId, StreamKey(order.PrepayId), WebhookNames.BizTypePay, order.PrepayId,
            bizStatus, JsonSerializer.Serialize(data, WireJson.Options), order.WebhookUrl, nowMs);
    }
}

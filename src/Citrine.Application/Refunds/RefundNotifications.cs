using System.Globalization;
using System.Text.Json;
using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Webhooks;
using Citrine.Domain.Refunds;

namespace Citrine.Application.Refunds;

/// <summary>
/// Builds the <c>PAY_REFUND</c> notification (docs/api-reference.md#refund-notification): <c>bizId</c> is the prepayId,
/// <c>refundInfo</c> a nested object as in the reference sample. It goes to the refund's <c>webhookUrl</c>, else the
/// order's, else the merchant's; it shares the order's stream, so it is delivered after the order's <c>PAY_SUCCESS</c>.
/// </summary>
public static class RefundNotifications
{
    /// <summary>The webhook of <paramref name="refundEvent"/>; its <c>bizStatus</c> is the one
    /// <see cref="RefundLifecycle.Table"/> gives that edge.</summary>
    public static OutboxEvent Settled(Order order, Refund refund, RefundEvent refundEvent, long nowMs)
    {
        var data = new RefundNotificationData
        {
            MerchantTradeNo = order.MerchantTradeNo,
            ProductType = order.ProductType,
            ProductName = order.ProductName,
            TradeType = order.TerminalType,
            TotalFee = Amounts.FromUnits(order.AmountUnits),
            Currency = order.Currency,
            TransactTime = nowMs,
            OpenUserId = order.OpenUserId,
            Commission = Amounts.FromUnits(order.CommissionUnits),
            RefundInfo = Info(order, refund),
        };
        var bizStatus = RefundLifecycle.Table.BizStatus(refundEvent,
            RefundLifecycle.Table.Targets(RefundStatus.Pending, refundEvent).Single())!;
        return new OutboxEvent(order.MerchantId, OrderNotifications.StreamKey(order.PrepayId),
            WebhookNames.BizTypePayRefund, order.PrepayId, bizStatus, JsonSerializer.Serialize(data, WireJson.Options),
            refund.WebhookUrl ?? order.WebhookUrl, nowMs);
    }

    private static RefundInfo Info(Order order, Refund refund) => new()
    {
        RefundRequestId = refund.RefundRequestId,
        PrepayId = order.PrepayId.ToString(CultureInfo.InvariantCulture),
        OrderAmount = Amounts.FromUnits(order.AmountUnits),
        RefundedAmount = Amounts.FromUnits(refund.RefundedUnitsAfter),
        RefundAmount = Amounts.FromUnits(refund.RefundUnits),
        RemainingAttempts = refund.RemainingAttempts,
        PayerOpenId = order.OpenUserId,
        DuplicateRequest = "N",
    };
}

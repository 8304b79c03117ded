using Citrine.Application.Sandbox;
using System.Globalization;
using System.Text.Json;
using Citrine.Application.Buyers;
using Citrine.Application.Orders;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Domain.Orders;

namespace Citrine.Application.Payments;

/// <summary>
/// A sandbox buyer pays an order (checkout page and <c>/sandbox/orders/pay</c>). Pay, close and expiry race in the
/// database: the payment's conditional update wins only while the order is INITIAL and unexpired, and commits with
/// its journal and its <c>PAY_SUCCESS</c> event. Losing answers 400204 with the order's current status.
/// </summary>
public sealed class PayOrderHandler(
    IOrderStore orders, IBuyerStore buyers, PayerCountryRule countries, IPaymentStore payments,
    CurrencyCatalog currencies, CitrineOptions options, OrderExpiry expiry, TimeProvider time)
{
    /// <summary>
    /// Pays <paramref name="order"/> as the buyer; without a <paramref name="buyerId"/>, as the oldest sandbox buyer
    /// the order's merchant may use (the one <c>serve --demo</c> creates first). A buyer the order's merchant may not
    /// use (another merchant's) is answered exactly as an unknown one (409002, docs/sandbox.md#buyers). Checks then
    /// come in this order: order not open (400204), a payer country the order's sub-merchant blocks (409003,
    /// docs/compatibility.md#sub-merchants), pay currency (400102), then the payment itself, whose refused
    /// debit is told apart afterwards as a short wallet (409001).
    /// </summary>
    public async Task<Result<Order>> HandleAsync(Order order, long? buyerId, string? payCurrency,
        CancellationToken cancellationToken)
    {
        if (buyerId is null)
        {
            if (await buyers.ListUsableAsync(order.MerchantId, 1, cancellationToken).ConfigureAwait(false) is not
                [var oldest, ..])
            {
                return Result<Order>.Fail(ResultCodes.SandboxBuyerNotFound,
                    "buyerId: no sandbox buyer exists yet; create one");
            }

            buyerId = oldest.BuyerId;
        }
        else if (await buyers.GetAsync(buyerId.Value, cancellationToken).ConfigureAwait(false) is not { } buyer
                 || !buyer.UsableBy(order.MerchantId))
        {
            return Result<Order>.Fail(ResultCodes.SandboxBuyerNotFound, BuyerAdmin.UnknownBuyer(buyerId.Value));
        }

        return await PayAsync(order, buyerId.Value, payCurrency, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Result<Order>> PayAsync(Order order, long buyerId, string? payCurrency,
        CancellationToken cancellationToken)
    {
        order = await expiry.ExpireIfOverdueAsync(order, cancellationToken).ConfigureAwait(false);
        if (order.Status != OrderStatus.Initial)
        {
            return NotPayable(order);
        }

        if (await countries.BlockedCountryAsync(order.MerchantId, order.SubMerchantId, buyerId, cancellationToken)
                .ConfigureAwait(false) is { } country)
        {
            return Result<Order>.Fail(ResultCodes.SandboxPayerCountryBlocked, string.Create(
                CultureInfo.InvariantCulture,
                $"buyer {buyerId}: sub-merchant {order.SubMerchantId} blocks payers whose KYC country is {country}"));
        }

        var allowed = PayCurrencies.For(order, currencies);
        var currency = payCurrency ?? PayCurrencies.Default(order, currencies);
        if (currency is null || !allowed.Contains(currency, StringComparer.Ordinal))
        {
            return Result<Order>.Fail(ResultCodes.InvalidParamWrongValue,
                $"payCurrency: must be one of {string.Join(",", allowed)}");
        }

        var quote = PaymentQuote.Create(order, currency, currencies, options.CommissionBasisPoints);
        var nowMs = time.MerchantNowMs(order.MerchantId);
        var payerId = Ids.PayerId(buyerId, order.MerchantId);
        var paid = order with
        {
            Status = OrderStatus.Paid,
            TransactTimeMs = nowMs,
            TransactionId = Ids.NewTransactionId(nowMs),
            OpenUserId = Ids.OpenUserId(buyerId, order.MerchantId),
            PayerId = payerId,
            PaymentInfoJson = JsonSerializer.Serialize(quote.PaymentInfo(payerId), WireJson.Options),
            CommissionUnits = quote.CommissionUnits,
        };
        var outcome = await payments.TryPayAsync(paid, quote.Journal(order, buyerId),
            OrderNotifications.Paid(paid, nowMs), nowMs, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case PayOutcome.Paid:
                return Result<Order>.Ok(paid);
            case PayOutcome.InsufficientFunds:
                return await buyers.GetAsync(buyerId, cancellationToken).ConfigureAwait(false) is null
                    ? Result<Order>.Fail(ResultCodes.SandboxBuyerNotFound, BuyerAdmin.UnknownBuyer(buyerId))
                    : Result<Order>.Fail(ResultCodes.SandboxInsufficientBalance, string.Create(
                        CultureInfo.InvariantCulture,
                        $"buyer {buyerId}: wallet holds less than {Amounts.FormatUnitsShort(quote.PayUnits)} {currency}"));
            default:
                var current = await orders.GetAsync(order.PrepayId, cancellationToken).ConfigureAwait(false) ?? order;
                return NotPayable(await expiry.ExpireIfOverdueAsync(current, cancellationToken).ConfigureAwait(false));
        }
    }

    private static Result<Order> NotPayable(Order order) =>
        Result<Order>.Fail(ResultCodes.InvalidOrderStatus,
            $"order is {order.Status.WireName()}: not applicable to pay, only an open order can be paid");
}

using Citrine.Client.Http;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Contracts.Orders;

namespace Citrine.Client;

/// <summary>
/// Orders: create (v1, v2, v3), query (v1, v2) and close. Reach it through <see cref="CitrineClient.Orders"/>.
/// </summary>
public class OrdersClient
{
    // How far the found order's createTime may lie before the first attempt (clock skew) for a recovery to accept it.
    private static readonly TimeSpan RecoverySkewMax = TimeSpan.FromMinutes(10);

    private static readonly long DefaultExpiryMs = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    private readonly CitrinePipeline _pipeline = null!;

    internal OrdersClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected OrdersClient()
    {
    }

    /// <summary>
    /// Creates an order with Create Order v2 (<c>POST /binancepay/openapi/v2/order</c>).
    /// </summary>
    /// <remarks>
    /// <para>Retried on connection failures, timeouts, 429 and 5xx. That is safe because <c>merchantTradeNo</c> is
    /// unique per merchant: a repeated create can never make a second order, it is refused with <c>400201
    /// INVALID_MERCHANT_TRADE_NO</c>.</para>
    /// <para>When a <em>retried</em> create meets 400201, an earlier attempt probably created the order and only its
    /// answer was lost. The client then queries the order by <c>merchantTradeNo</c> and, if it has this request's
    /// currency and amount and was created during this call, returns it as the result. Binance hands out the buyer
    /// links only once, so in that case <see cref="CreateOrderResult.CheckoutUrl"/> and the other links are empty
    /// strings: show the order by <see cref="CreateOrderResult.PrepayId"/>, or close it and create a new one. A 400201
    /// on the first attempt, or for an order that does not match, is thrown as <see cref="CitrineApiException"/>.</para>
    /// </remarks>
    /// <exception cref="CitrineApiException">The service refused the order.</exception>
    public virtual async Task<CreateOrderResult> CreateAsync(CreateOrderV2Request request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<CreateOrderResult>(ApiPaths.CreateOrderV2, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return await RecoverAsync(response, request.MerchantTradeNo, request.Currency, request.OrderAmount,
            request.OrderExpireTime, request.Env.TerminalType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an order with Create Order v3 (<c>POST /binancepay/openapi/v3/order</c>): <c>orderAmount</c> and
    /// <c>currency</c>, or <c>fiatAmount</c> and <c>fiatCurrency</c>.
    /// </summary>
    /// <remarks>Retries and the 400201 recovery work as for the v2 overload (for a fiat order the amount is not
    /// compared, the service converted it).</remarks>
    /// <exception cref="CitrineApiException">The service refused the order.</exception>
    public virtual async Task<CreateOrderResult> CreateAsync(CreateOrderV3Request request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<CreateOrderResult>(ApiPaths.CreateOrderV3, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return await RecoverAsync(response, request.MerchantTradeNo, request.Currency, request.OrderAmount,
            request.OrderExpireTime, request.Env.TerminalType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an order with the deprecated Create Order v1 (<c>POST /binancepay/openapi/order</c>); the answer's
    /// terminal is in <see cref="CreateOrderResult.TradeType"/>.
    /// </summary>
    /// <remarks>Retries and the 400201 recovery work as for the v2 overload.</remarks>
    /// <exception cref="CitrineApiException">The service refused the order.</exception>
    public virtual async Task<CreateOrderResult> CreateAsync(CreateOrderV1Request request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<CreateOrderResult>(ApiPaths.CreateOrderV1, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return await RecoverAsync(response, request.MerchantTradeNo, request.Currency, request.TotalFee, null,
            request.TradeType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queries an order with Query Order v2 (<c>POST /binancepay/openapi/v2/order/query</c>) by
    /// <c>prepayId</c> or <c>merchantTradeNo</c> (prepayId wins when both are set). Retried like every read.</summary>
    /// <exception cref="CitrineApiException">For example <c>400202 ORDER_NOT_FOUND</c>.</exception>
    public virtual async Task<QueryOrderResult> GetAsync(OrderLookupRequest request,
        CancellationToken cancellationToken = default)
    {
        CheckLookup(request);
        var response = await _pipeline.PostAsync<QueryOrderResult>(ApiPaths.QueryOrderV2, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Queries an order with Query Order v1 (<c>POST /binancepay/openapi/order/query</c>), whose answer has
    /// <c>totalFee</c>, <c>tradeType</c>, <c>productName</c> and <c>productDetail</c>.</summary>
    /// <exception cref="CitrineApiException">For example <c>400202 ORDER_NOT_FOUND</c>.</exception>
    public virtual async Task<QueryOrderResult> GetV1Async(OrderLookupRequest request,
        CancellationToken cancellationToken = default)
    {
        CheckLookup(request);
        var response = await _pipeline.PostAsync<QueryOrderResult>(ApiPaths.QueryOrderV1, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>
    /// Closes an unpaid order (<c>POST /binancepay/openapi/order/close</c>); true when accepted. The result is also
    /// notified by a <c>PAY_CLOSED</c> webhook.
    /// </summary>
    /// <remarks>
    /// Closing is idempotent in effect, so it is retried like a keyed write. When a <em>retried</em> close meets
    /// <c>400204 INVALID_ORDER_STATUS</c>, the client queries the order: if it is <c>CANCELED</c>, an earlier attempt
    /// closed it and the call returns true; otherwise the 400204 is thrown (the order was paid, expired or is being
    /// paid).
    /// </remarks>
    /// <exception cref="CitrineApiException">For example <c>400204</c> for a paid order.</exception>
    public virtual async Task<bool> CloseAsync(OrderLookupRequest request, CancellationToken cancellationToken = default)
    {
        CheckLookup(request);
        var response = await _pipeline.PostAsync<bool>(ApiPaths.CloseOrder, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        if (response.Error is { } error && error.Code == ResultCodes.InvalidOrderStatus.Code && response.Attempts > 1)
        {
            var order = await GetAsync(request, cancellationToken).ConfigureAwait(false);
            return order.Status == OrderStatusNames.Canceled ? true : throw error;
        }

        return response.Value;
    }

    /// <summary>Payer verification (<c>POST /binancepay/openapi/order/payer/verification</c>): true when every given
    /// item matches the payer's KYC data, false on any mismatch.</summary>
    /// <exception cref="CitrineApiException"><c>400601</c> for an unknown payer, <c>409004</c> when the payer's KYC
    /// is not completed; with the order extension <c>400202</c> and <c>400204</c>.</exception>
    public virtual async Task<bool> VerifyPayerAsync(PayerVerificationRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<bool>(ApiPaths.PayerVerification, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    private async Task<CreateOrderResult> RecoverAsync(ApiResponse<CreateOrderResult> response, string merchantTradeNo,
        string? currency, decimal? amount, long? orderExpireTime, string terminal, CancellationToken cancellationToken)
    {
        if (response.Error is not { } error || error.Code != ResultCodes.InvalidMerchantTradeNo.Code
            || response.Attempts == 1)
        {
            return response.Value;
        }

        QueryOrderResult order;
        try
        {
            order = await GetAsync(new OrderLookupRequest { MerchantTradeNo = merchantTradeNo }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CitrineApiException)
        {
            throw error;
        }

        var sameOrder = (currency is null || order.Currency == currency)
                        && (currency is null || amount is null || (order.OrderAmount ?? order.TotalFee) == amount)
                        && order.CreateTime >= (response.StartedAt - RecoverySkewMax).ToUnixTimeMilliseconds();
        if (!sameOrder)
        {
            throw error;
        }

        // The links of a create answer are given once only; the recovered result says so with empty strings.
        return new CreateOrderResult
        {
            PrepayId = order.PrepayId,
            TerminalType = terminal,
            ExpireTime = orderExpireTime ?? order.CreateTime + DefaultExpiryMs,
            QrcodeLink = "",
            QrContent = "",
            CheckoutUrl = "",
            Deeplink = "",
            UniversalUrl = "",
            Currency = order.Currency,
            TotalFee = order.OrderAmount ?? order.TotalFee,
        };
    }

    private static void CheckLookup(OrderLookupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.PrepayId) && string.IsNullOrEmpty(request.MerchantTradeNo))
        {
            throw new ArgumentException("Give a prepayId or a merchantTradeNo.", nameof(request));
        }
    }
}

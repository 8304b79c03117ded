using System.Text.Json;
using Citrine.Client.Http;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Requests;

namespace Citrine.Client.Sandbox;

/// <summary>
/// Citrine-only test helpers under <c>/sandbox</c>; they are <b>not part of Binance Pay</b> and fail against Binance.
/// They let a test pay an order as a sandbox buyer, expire an order now, move the server's sandbox clock and reset a
/// merchant's sandbox data. Calls are signed with the merchant's key like the merchant API. Reach it through
/// <see cref="CitrineClient.Sandbox"/>. Answers are returned as the envelope's raw <c>data</c>: their shape is
/// Citrine's, documented with the server.
/// </summary>
public class SandboxClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal SandboxClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected SandboxClient()
    {
    }

    /// <summary>Pays an order as a sandbox buyer (<c>POST /sandbox/orders/pay</c>); a <c>PAY_SUCCESS</c> webhook
    /// follows.</summary>
    /// <exception cref="CitrineApiException">For example the buyer's wallet cannot cover the order.</exception>
    public virtual async Task<JsonElement> PayOrderAsync(SandboxPayRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.PayOrder, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Expires an open order now (<c>POST /sandbox/orders/expire</c>); a <c>PAY_CLOSED</c> webhook
    /// follows.</summary>
    /// <exception cref="CitrineApiException">For example the order is not open.</exception>
    public virtual async Task<JsonElement> ExpireOrderAsync(OrderLookupRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ExpireOrder, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The calling merchant's sandbox clock (<c>POST /sandbox/clock</c>): <c>{merchantId, nowMs, offsetMs,
    /// serverOffsetMs, merchantOffsetMs}</c>.</summary>
    public virtual async Task<JsonElement> GetClockAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.Clock, new Dictionary<string, string>(),
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Moves the calling merchant's own sandbox clock forward (<c>POST /sandbox/clock/advance</c>), so that
    /// its expiries and webhook retries happen without waiting; other merchants' clocks do not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public virtual async Task<JsonElement> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var body = new Dictionary<string, long>
        {
            ["advanceMs"] = (long)by.TotalMilliseconds,
        };
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.AdvanceClock, body, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Creates a sandbox buyer that only the calling merchant may use (<c>POST /sandbox/buyers</c>); the
    /// answer carries its <c>buyerId</c>, <c>binanceId</c>, <c>payId</c>, <c>email</c> and phone.</summary>
    /// <exception cref="CitrineApiException">For example a chosen <c>binanceId</c> another buyer has.</exception>
    public virtual async Task<JsonElement> CreateBuyerAsync(SandboxBuyerRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.CreateBuyer, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Replaces the KYC profile of a sandbox buyer the calling merchant may use
    /// (<c>POST /sandbox/buyers/kyc</c>); answers the buyer with its <c>kyc</c>.</summary>
    /// <exception cref="CitrineApiException"><c>409002</c> for a buyer the merchant may not use.</exception>
    public virtual async Task<JsonElement> SetBuyerKycAsync(SandboxBuyerKycRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.BuyerKyc, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The sandbox buyers the calling merchant may use, its own and the shared ones
    /// (<c>POST /sandbox/buyers/list</c>).</summary>
    public virtual async Task<JsonElement> ListBuyersAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ListBuyers, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The calling merchant's webhook events, newest first (<c>POST /sandbox/webhooks/events</c>): each with
    /// its <c>eventId</c>, <c>bizType</c>, <c>bizIdStr</c>, <c>bizStatus</c>, delivery <c>state</c> and attempts.</summary>
    /// <param name="limit">At most this many (1 to 200; null: 50).</param>
    /// <param name="beforeEventId">Only events older than this one, for paging; null: from the newest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual async Task<JsonElement> ListWebhookEventsAsync(int? limit = null, long? beforeEventId = null,
        CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, long>();
        if (limit is { } l)
        {
            body["limit"] = l;
        }

        if (beforeEventId is { } before)
        {
            body["beforeEventId"] = before;
        }

        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.WebhookEvents, body, RetryKind.Read,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>One of the calling merchant's webhook events with its exact body and every delivery attempt
    /// (<c>POST /sandbox/webhooks/event</c>).</summary>
    /// <exception cref="CitrineApiException">No such event of this merchant.</exception>
    public virtual async Task<JsonElement> GetWebhookEventAsync(long eventId,
        CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.WebhookEvent,
            new Dictionary<string, long> { ["eventId"] = eventId }, RetryKind.Read, cancellationToken)
            .ConfigureAwait(false)).Value;
    }

    /// <summary>Delivers one of the calling merchant's webhook events again, now
    /// (<c>POST /sandbox/webhooks/redeliver</c>); answers the event as <see cref="GetWebhookEventAsync"/>.</summary>
    /// <exception cref="CitrineApiException">No such event of this merchant.</exception>
    public virtual async Task<JsonElement> RedeliverWebhookAsync(long eventId,
        CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.RedeliverWebhook,
            new Dictionary<string, long> { ["eventId"] = eventId }, RetryKind.Unkeyed, cancellationToken)
            .ConfigureAwait(false)).Value;
    }

    /// <summary>Signs a direct-debit contract as a sandbox buyer
    /// (<c>POST /sandbox/direct-debit/contracts/sign</c>); a <c>DIRECT_DEBIT_CT</c> webhook follows.</summary>
    /// <exception cref="CitrineApiException">For example the contract is not waiting for a signature.</exception>
    public virtual async Task<JsonElement> SignContractAsync(string merchantContractCode, long buyerId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(merchantContractCode);
        var body = new Dictionary<string, object> { ["merchantContractCode"] = merchantContractCode, ["buyerId"] = buyerId };
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.SignContract, body, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Terminates a signed contract as its buyer would
    /// (<c>POST /sandbox/direct-debit/contracts/terminate</c>); a <c>DIRECT_DEBIT_CT</c> webhook follows.</summary>
    /// <exception cref="CitrineApiException">For example the contract is not signed.</exception>
    public virtual async Task<JsonElement> TerminateContractAsBuyerAsync(string merchantContractCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(merchantContractCode);
        var body = new Dictionary<string, string> { ["merchantContractCode"] = merchantContractCode };
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.TerminateContract, body, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Makes the next refund accepted on an order be rejected when it settles
    /// (<c>POST /sandbox/refunds/reject-next</c>): a <c>REFUND_REJECTED</c> webhook instead of <c>REFUND_SUCCESS</c>.
    /// </summary>
    /// <exception cref="CitrineApiException">For example no order of this merchant has that prepayId.</exception>
    public virtual async Task<JsonElement> RejectNextRefundAsync(long prepayId,
        CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.RejectNextRefund,
            new Dictionary<string, long> { ["prepayId"] = prepayId }, RetryKind.Unkeyed, cancellationToken)
            .ConfigureAwait(false)).Value;
    }

    /// <summary>
    /// The calling merchant's request journal (<c>POST /sandbox/requests/list</c>): its recent calls with the result
    /// code, the first rule each broke, the timestamp, nonce and signature checks, and a body excerpt with secrets
    /// removed. Newest first; page back with <see cref="RequestListRequest.BeforeId"/> set to
    /// <see cref="RequestPage.NextBeforeId"/>, or follow new entries with <see cref="RequestListRequest.AfterId"/>.
    /// </summary>
    /// <param name="request">Filters and cursor; null lists the newest entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual async Task<RequestPage> ListRequestsAsync(RequestListRequest? request = null,
        CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<RequestPage>(SandboxPaths.ListRequests, request ?? new RequestListRequest(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>A sandbox buyer the merchant may use agrees to a share account id request
    /// (<c>POST /sandbox/shareinfo/approve</c>): a <c>SHARE_ACCOUNT_ID</c> webhook follows.</summary>
    /// <exception cref="CitrineApiException"><c>400001</c> when the request is expired or already shared.</exception>
    public virtual async Task<JsonElement> ApproveShareAsync(string requestId, long buyerId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ApproveShare, new { requestId, buyerId },
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>A Binance App user scans one of the merchant's QR codes (<c>POST /sandbox/merchant-qr/scan</c>): a
    /// <c>MERCHANT_QR_CODE</c> webhook follows; the answer's <c>referId</c> is the single-use
    /// <c>qrCodeReferId</c> of a v3 order.</summary>
    public virtual async Task<JsonElement> ScanMerchantQrAsync(string qrContent,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(qrContent);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ScanMerchantQr, new { qrContent },
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Deletes the calling merchant's sandbox data (<c>POST /sandbox/reset</c>).</summary>
    public virtual async Task<JsonElement> ResetAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.Reset, new Dictionary<string, string>(), RetryKind.Unkeyed, cancellationToken)
            .ConfigureAwait(false)).Value;
    }

    /// <summary>Arms a fault on the calling merchant's next requests or webhook deliveries
    /// (<c>POST /sandbox/faults/arm</c>), to test how an integration survives 429s, 5xx, stalls, dropped connections
    /// and duplicated, late or out-of-order webhooks; the answer is the rule with its <c>faultId</c>.</summary>
    /// <exception cref="CitrineApiException">For example a value out of range (400102) or too many armed rules
    /// (400001).</exception>
    public virtual async Task<JsonElement> ArmFaultAsync(SandboxFaultRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ArmFault, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The calling merchant's fault rules, armed and spent, with what each has left
    /// (<c>POST /sandbox/faults/list</c>).</summary>
    public virtual async Task<JsonElement> ListFaultsAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ListFaults, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Deletes all the calling merchant's fault rules (<c>POST /sandbox/faults/clear</c>); repeating it is
    /// harmless.</summary>
    public virtual async Task<JsonElement> ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ClearFaults, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }
}

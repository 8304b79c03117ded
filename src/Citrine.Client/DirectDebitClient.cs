using Citrine.Client.Http;
using Citrine.Contracts.DirectDebit;

namespace Citrine.Client;

/// <summary>
/// Direct debit (pre-authorization, docs/api-reference.md#direct-debit): contracts and the payments made under them.
/// Binance enables it per merchant; others get <c>400606 MERCHANT_ACCESS_FORBIDDEN</c>. Reach it through
/// <see cref="CitrineClient.DirectDebit"/>.
/// </summary>
public class DirectDebitClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal DirectDebitClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected DirectDebitClient()
    {
    }

    /// <summary>
    /// Creates a contract for the buyer to sign (<c>POST /binancepay/openapi/direct-debit/contract</c>); the answer
    /// carries the links where the buyer signs, and the <c>contractId</c> arrives later with the
    /// <c>CONTRACT_SIGNED</c> webhook.
    /// </summary>
    /// <remarks>Binance documents no idempotency for this call, so it is retried only when the request surely did not
    /// reach the service (connection refused, 429, 503).</remarks>
    /// <exception cref="CitrineApiException">The service refused the contract.</exception>
    public virtual async Task<CreateContractResult> CreateContractAsync(CreateContractRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<CreateContractResult>(ApiPaths.ContractCreate, request,
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Queries a contract by <c>contractId</c> or <c>merchantContractCode</c>
    /// (<c>POST /binancepay/openapi/direct-debit/contract/query</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>406207</c>, contract not found.</exception>
    public virtual async Task<QueryContractResult> GetContractAsync(ContractLookupRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContractId is null && string.IsNullOrEmpty(request.MerchantContractCode))
        {
            throw new ArgumentException("Give a contractId or a merchantContractCode.", nameof(request));
        }

        var response = await _pipeline.PostAsync<QueryContractResult>(ApiPaths.ContractQuery, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Terminates a signed contract (<c>POST /binancepay/openapi/direct-debit/contract/termination</c>);
    /// true when done. As documented, no webhook follows a merchant's termination.</summary>
    /// <remarks>Retried only when the request surely did not reach the service: a repeat of a termination that
    /// succeeded would be refused, not repeated, but its error would hide the success.</remarks>
    /// <exception cref="CitrineApiException">For example <c>406212</c>, contract not signed.</exception>
    public virtual async Task<bool> TerminateContractAsync(TerminateContractRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContractId is null && string.IsNullOrEmpty(request.MerchantContractCode))
        {
            throw new ArgumentException("Give a contractId or a merchantContractCode.", nameof(request));
        }

        var response = await _pipeline.PostAsync<bool>(ApiPaths.ContractTermination, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Announces an upcoming periodic debit (<c>POST /binancepay/openapi/pay/notify</c>).</summary>
    /// <remarks>Retried like a keyed write: <c>merchantRequestId</c> is documented as idempotent.</remarks>
    /// <exception cref="CitrineApiException">The service refused the notification.</exception>
    public virtual async Task<PaymentNotifyResult> NotifyPaymentAsync(PaymentNotifyRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<PaymentNotifyResult>(ApiPaths.PayNotify, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Debits a signed contract (<c>POST /binancepay/openapi/pay/apply</c>); the outcome is notified by
    /// webhook.</summary>
    /// <remarks>Retried like a keyed write: <c>merchantRequestId</c> is documented as idempotent, so a repeat cannot
    /// debit twice. Keep the same <c>merchantRequestId</c> when you retry yourself.</remarks>
    /// <exception cref="CitrineApiException">The service refused the payment.</exception>
    public virtual async Task<PaymentApplyResult> ApplyPaymentAsync(PaymentApplyRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<PaymentApplyResult>(ApiPaths.PayApply, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}

using System.Globalization;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// Citrine-only sandbox helpers (not part of Binance), signed with the merchant's key like the merchant API: act as
/// the buyer to sign a contract or to terminate it from the buyer's side (which, unlike a merchant's termination,
/// sends <c>CONTRACT_TERMINATED</c>).
/// </summary>
internal static class SandboxContractEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapDirectDebitSigned("/sandbox/direct-debit/contracts/sign", SignAsync);
        api.MapDirectDebitSigned("/sandbox/direct-debit/contracts/terminate", TerminateAsync);
    }

    /// <summary><c>{preContractId | merchantContractCode, buyerId}</c> → the contract as Query Contract
    /// shows it.</summary>
    private static async Task<IResult> SignAsync(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var merchantId = request.Merchant.MerchantId;
        var preContractText = f.String("preContractId", required: false, 19, lettersOrDigits: true);
        var code = preContractText is null ? ContractFieldRules.MerchantContractCode(f, required: false) : null;
        if (preContractText is null && code is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.PaymentInvalidParam,
                "preContractId or merchantContractCode: one of them must be given");
        }

        var buyerId = f.Long("buyerId", required: true)!.Value;
        if (buyerId <= 0)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue, "buyerId: must be a positive number");
        }

        var contracts = context.RequestServices.GetRequiredService<IContractStore>();
        var contract = preContractText is not null
            ? long.TryParse(preContractText, NumberStyles.None, CultureInfo.InvariantCulture, out var preContractId)
                ? await contracts.FindByPreContractIdAsync(merchantId, preContractId, context.RequestAborted)
                    .ConfigureAwait(false)
                : null
            : await contracts.FindAsync(new ContractLookup(merchantId, null, code), context.RequestAborted)
                .ConfigureAwait(false);
        var result = await context.RequestServices.GetRequiredService<SignContractHandler>()
            .HandleAsync(contract, buyerId, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, ContractResults.ToQueryResult);
    }

    /// <summary><c>{contractId | merchantContractCode}</c> → <c>true</c>, as the buyer (termination way 0).</summary>
    private static async Task<IResult> TerminateAsync(SignedRequest request, HttpContext context)
    {
        var lookup = ContractLookupFields.Read(request);
        var result = await context.RequestServices.GetRequiredService<TerminateContractHandler>()
            .HandleAsync(lookup, notes: null, ContractTerminationWay.ByUser, context.RequestAborted)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, terminated => terminated);
    }
}

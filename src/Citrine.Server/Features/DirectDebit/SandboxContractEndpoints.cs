using System.Globalization;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Contracts.DirectDebit;
using Citrine.Domain.DirectDebit;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// Citrine-only sandbox helpers (not part of Binance), signed with the merchant's key like the merchant API: act as
/// the buyer to sign a contract or to terminate it from the buyer's side (which, unlike a merchant's termination,
/// sends <c>CONTRACT_TERMINATED</c>).
/// </summary>
internal static class SandboxContractEndpoints
{
    private static readonly Field PreContractId = Text("preContractId", required: false, 19, lettersOrDigits: true);
    private static readonly Field BuyerId = Integer("buyerId", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "must be a positive number", id => id > 0);

    /// <summary><c>{preContractId | merchantContractCode, buyerId}</c> → the contract as Query Contract
    /// shows it.</summary>
    public static readonly EndpointDeclaration Sign = new()
    {
        Path = "/sandbox/direct-debit/contracts/sign",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        Response = typeof(QueryContractResult),
        Request = Shape.Of(
            PreContractId,
            When("merchantContractCode only without preContractId", c => !c.Values.Has(PreContractId),
                ContractFields.LookupCode,
                Rule("preContractId or merchantContractCode must be given", ResultCodes.PaymentInvalidParam,
                    c => c.Values.Has(ContractFields.LookupCode)
                        ? null
                        : "preContractId or merchantContractCode: one of them must be given")),
            BuyerId),
        Handler = SignAsync,
        Summary = "Sign a contract as a sandbox buyer",
        Example = """{"merchantContractCode":"mc20260101001","buyerId":1}""",
        Codes =
        [
            ResultCodes.MerchantAccessForbidden, ResultCodes.DirectDebitContractNotFound,
            ResultCodes.SandboxContractNotSignable,
        ],
    };

    /// <summary><c>{contractId | merchantContractCode}</c> → <c>true</c>, as the buyer (termination way 0).</summary>
    public static readonly EndpointDeclaration Terminate = new()
    {
        Path = "/sandbox/direct-debit/contracts/terminate",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        Response = typeof(bool),
        Request = new Shape(ContractFields.Lookup),
        Handler = TerminateAsync,
        Summary = "Terminate a contract as its buyer",
        Example = """{"merchantContractCode":"mc20260101001"}""",
        Codes =
        [
            ResultCodes.MerchantAccessForbidden, ResultCodes.DirectDebitContractNotFound,
            ResultCodes.DirectDebitContractNotSigned,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Sign, Terminate];

    private static async Task<IResult> SignAsync(Inbound request, IContractStore contracts,
        SignContractHandler handler, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var merchantId = request.MerchantId;
        var contract = f.Text(PreContractId) is { } preContractText
            ? long.TryParse(preContractText, NumberStyles.None, CultureInfo.InvariantCulture, out var preContractId)
                ? await contracts.FindByPreContractIdAsync(merchantId, preContractId, cancellationToken)
                    .ConfigureAwait(false)
                : null
            : await contracts.FindAsync(new ContractLookup(merchantId, null, f.Text(ContractFields.LookupCode)),
                cancellationToken).ConfigureAwait(false);
        var result = await handler.HandleAsync(contract, f.Number(BuyerId)!.Value, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, ContractResults.ToQueryResult);
    }

    private static async Task<IResult> TerminateAsync(Inbound request, TerminateContractHandler handler,
        CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(ContractFields.ReadLookup(request), notes: null,
            ContractTerminationWay.ByUser, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, terminated => terminated);
    }
}

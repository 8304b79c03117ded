using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Server.Http;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// Reads <c>contractId</c> / <c>merchantContractCode</c> for Query and Terminate Contract
/// (docs/api-reference.md#terminate-contract). The id is read first and, when given, the code is ignored altogether
/// (not even checked), as the seed says. With neither, the answer is 400702 PAYMENT_INVALID_PARAM: the seed's own
/// cross-field rule ("can not be empty if contractId is null"), where a present but malformed field gets the field
/// codes 400100–400103.
/// </summary>
internal static class ContractLookupFields
{
    public static ContractLookup Read(SignedRequest request)
    {
        var f = request.Fields;
        var contractId = f.Long("contractId", required: false);
        if (contractId is { } id)
        {
            return id > 0
                ? new ContractLookup(request.Merchant.MerchantId, id, null)
                : throw new FieldException(ResultCodes.InvalidParamWrongValue, "contractId: must be a positive number");
        }

        var code = ContractFieldRules.MerchantContractCode(f, required: false);
        return code is null
            ? throw new FieldException(ResultCodes.PaymentInvalidParam,
                "merchantContractCode or contractId: one of them must be given")
            : new ContractLookup(request.Merchant.MerchantId, null, code);
    }
}

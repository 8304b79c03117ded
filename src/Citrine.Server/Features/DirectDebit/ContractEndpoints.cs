using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Contracts.DirectDebit;
using Citrine.Domain.DirectDebit;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>Create, Query and Terminate Contract (docs/api-reference.md#create-contract to
/// #terminate-contract).</summary>
internal static class ContractEndpoints
{
    private static readonly Field TerminationNotes = Text("terminationNotes", required: false,
        TerminateContractHandler.TerminationNotesMax);

    public static readonly EndpointDeclaration Create = new()
    {
        Path = "/binancepay/openapi/direct-debit/contract",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        RequestDto = typeof(CreateContractRequest),
        Response = typeof(CreateContractResult),
        Request = ContractFields.Create,
        Handler = CreateAsync,
        Summary = "Create Contract (direct debit)",
        Example = """
            {"merchantContractCode":"mc20260101001","serviceName":"Premium plan","scenarioCode":"Membership",
             "singleUpperLimit":5,"currency":"USDT","periodic":false,"merchantAccountNo":"alice@example.com"}
            """,
        Codes =
        [
            ResultCodes.MerchantAccessForbidden, ResultCodes.InvalidMerchantTradeNo, ResultCodes.InvalidParamWrongValue,
            ResultCodes.SubMerchantInvalid,
        ],
    };

    public static readonly EndpointDeclaration Query = new()
    {
        Path = "/binancepay/openapi/direct-debit/contract/query",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        RequestDto = typeof(ContractLookupRequest),
        Response = typeof(QueryContractResult),
        Request = new Shape(ContractFields.Lookup),
        Handler = QueryAsync,
        Summary = "Query Contract",
        Example = """{"merchantContractCode":"mc20260101001"}""",
        Codes = [ResultCodes.MerchantAccessForbidden, ResultCodes.DirectDebitContractNotFound],
    };

    public static readonly EndpointDeclaration Terminate = new()
    {
        Path = "/binancepay/openapi/direct-debit/contract/termination",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        RequestDto = typeof(TerminateContractRequest),
        Response = typeof(bool),
        Request = new Shape([.. ContractFields.Lookup, TerminationNotes]),
        Handler = TerminateAsync,
        Summary = "Terminate Contract",
        Example = """{"merchantContractCode":"mc20260101001","terminationNotes":"The customer cancelled"}""",
        Codes =
        [
            ResultCodes.MerchantAccessForbidden, ResultCodes.DirectDebitContractNotFound,
            ResultCodes.DirectDebitContractNotSigned,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Create, Query, Terminate];

    private static async Task<IResult> CreateAsync(Inbound request, CreateContractHandler handler,
        CitrineOptions options, HttpContext context)
    {
        var result = await handler.HandleAsync(ContractFields.ReadCreate(request), context.RequestAborted)
            .ConfigureAwait(false);
        var baseUrl = OrderLinks.BaseUrl(context, options);
        return BinanceEnvelope.From(result, contract =>
        {
            var links = ContractLinks.For(baseUrl, contract);
            return new CreateContractResult
            {
                MerchantId = contract.MerchantId,
                PreContractId = Wire.Id(contract.PreContractId),
                ContractEndTime = contract.ContractEndTimeMs,
                RequestExpireTime = contract.RequestExpireTimeMs,
                QrContent = links.QrContent,
                QrcodeLink = links.QrcodeLink,
                Deeplink = links.Deeplink,
            };
        });
    }

    private static async Task<IResult> QueryAsync(Inbound request, QueryContractHandler handler,
        CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(ContractFields.ReadLookup(request), cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, ContractResults.ToQueryResult);
    }

    private static async Task<IResult> TerminateAsync(Inbound request, TerminateContractHandler handler,
        CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(ContractFields.ReadLookup(request),
                request.Fields.Text(TerminationNotes), ContractTerminationWay.ByMerchant, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, terminated => terminated);
    }
}

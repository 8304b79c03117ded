using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Contracts.DirectDebit;
using Citrine.Domain.DirectDebit;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>Create, Query and Terminate Contract (docs/api-reference.md#create-contract to
/// #terminate-contract).</summary>
internal static class ContractEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapDirectDebitSigned("/binancepay/openapi/direct-debit/contract", CreateAsync);
        api.MapDirectDebitSigned("/binancepay/openapi/direct-debit/contract/query", QueryAsync);
        api.MapDirectDebitSigned("/binancepay/openapi/direct-debit/contract/termination", TerminateAsync);
    }

    /// <summary>
    /// A signed merchant endpoint of the direct-debit family: after authentication and before any field rule, a
    /// merchant that is not whitelisted gets 400606, whatever its body says.
    /// </summary>
    public static RouteHandlerBuilder MapDirectDebitSigned(this IEndpointRouteBuilder api, string path,
        Func<SignedRequest, HttpContext, Task<IResult>> handler) =>
        api.MapSigned(path, async (request, context) =>
            await context.RequestServices.GetRequiredService<DirectDebitAccess>()
                .CheckAsync(request.Merchant.MerchantId, context.RequestAborted).ConfigureAwait(false) is { } denied
                ? BinanceEnvelope.Fail(denied.Code, denied.Message)
                : await handler(request, context).ConfigureAwait(false));

    private static async Task<IResult> CreateAsync(SignedRequest request, HttpContext context)
    {
        var command = ContractFieldRules.Read(request);
        var result = await context.RequestServices.GetRequiredService<CreateContractHandler>()
            .HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        var baseUrl = OrderLinks.BaseUrl(context, context.RequestServices.GetRequiredService<CitrineOptions>());
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

    private static async Task<IResult> QueryAsync(SignedRequest request, HttpContext context)
    {
        var lookup = ContractLookupFields.Read(request);
        var result = await context.RequestServices.GetRequiredService<QueryContractHandler>()
            .HandleAsync(lookup, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, ContractResults.ToQueryResult);
    }

    private static async Task<IResult> TerminateAsync(SignedRequest request, HttpContext context)
    {
        var lookup = ContractLookupFields.Read(request);
        var notes = request.Fields.String("terminationNotes", required: false,
            TerminateContractHandler.TerminationNotesMax);
        var result = await context.RequestServices.GetRequiredService<TerminateContractHandler>()
            .HandleAsync(lookup, notes, ContractTerminationWay.ByMerchant, context.RequestAborted)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, terminated => terminated);
    }
}

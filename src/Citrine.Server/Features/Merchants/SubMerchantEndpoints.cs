using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Merchants;

/// <summary>Create Sub-merchant (docs/api-reference.md#sub-merchants): Citrine keeps name, type, MCC and
/// country.</summary>
internal static class SubMerchantEndpoints
{
    private const int MerchantNameMax = 128;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapSigned("/binancepay/openapi/submerchant/add", AddAsync);

    private static async Task<IResult> AddAsync(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var name = f.String("merchantName", required: true, MerchantNameMax)!;
        var type = f.Long("merchantType", required: false);
        if (type is < 1 or > 5)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue, "merchantType: must be 1 to 5");
        }

        f.String("merchantMcc", required: false, 8, lettersOrDigits: true);
        f.String("country", required: false, 512);
        var result = await context.RequestServices.GetRequiredService<MerchantAdmin>()
            .AddSubMerchantAsync(request.Merchant.MerchantId, name, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, sub => new SubMerchantAddResult { SubMerchantId = sub.SubMerchantId });
    }
}

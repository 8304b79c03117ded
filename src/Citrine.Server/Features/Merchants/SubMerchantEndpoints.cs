using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Merchants;

/// <summary>Create Sub-merchant (docs/api-reference.md#sub-merchants): Citrine keeps name, type, MCC and
/// country.</summary>
internal static class SubMerchantEndpoints
{
    private const int MerchantNameMax = 128;

    private static readonly Field MerchantName = Text("merchantName", required: true, MerchantNameMax);

    public static readonly EndpointDeclaration Add = new()
    {
        Path = "/binancepay/openapi/submerchant/add",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SubMerchantAddRequest),
        Response = typeof(SubMerchantAddResult),
        Request = Shape.Of(
            MerchantName,
            Integer("merchantType", required: false)
                .Check<long>(ResultCodes.InvalidParamWrongValue, "must be 1 to 5", type => type is >= 1 and <= 5),
            Text("merchantMcc", required: false, 8, lettersOrDigits: true),
            Text("country", required: false, 512)),
        Handler = AddAsync,
        Summary = "Create Sub-merchant",
        Example = """{"merchantName":"Ice Cream Stand","merchantType":1,"merchantMcc":"5812","country":"CN,US"}""",
        Codes = [ResultCodes.SubMerchantExists],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Add];

    private static async Task<IResult> AddAsync(Inbound request, MerchantAdmin merchants,
        CancellationToken cancellationToken)
    {
        var result = await merchants.AddSubMerchantAsync(request.MerchantId, request.Fields.Text(MerchantName)!,
            cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, sub => new SubMerchantAddResult { SubMerchantId = sub.SubMerchantId });
    }
}

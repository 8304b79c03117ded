using Citrine.Application;
using Citrine.Application.Partners;
using Citrine.Contracts;
using Citrine.Contracts.Partners;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Partners;

/// <summary>Technical service provider calls (<c>/binancepay/openapi/service/provider/…</c>,
/// docs/api-reference.md#technical-service-providers), for merchants the administrator made providers only
/// (<see cref="TspGate"/>); the merchant's review page is <see cref="PartnersFeature"/>'s.</summary>
internal static class TspEndpoints
{
    private const string Prefix = "/binancepay/openapi/service/provider/";
    private const int IpItemsMax = 20;
    private const int IpLengthMax = 64;

    private static readonly Field MerchantId = Text("merchantId", required: true, 19, lettersOrDigits: true);
    private static readonly Field OptionalMerchantId = MerchantId with { Required = false };
    private static readonly Field Scopes = EnumList("scopes", required: true, PartnerNames.Scopes, 7);
    private static readonly Field IpWhitelist = TextList("ipWhitelist", required: true, IpLengthMax, IpItemsMax)
        .Check<List<string>>(ResultCodes.InvalidParamIllegalChar, "no commas", ips => !ips.Any(ip => ip.Contains(',')));
    private static readonly Field Page = Integer("page", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "at least 1", page => page >= 1);
    private static readonly Field Rows = Integer("rows", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "1 to 10", rows => rows is >= 1 and <= TspService.RowsMax);

    public static readonly EndpointDeclaration Config = new()
    {
        Path = Prefix + "config/query",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(TspGate),
        RequestDto = typeof(TspConfigQueryRequest),
        Response = typeof(TspConfigResult),
        Request = Shape.Empty,
        AllowEmptyBody = true,
        Handler = async (Inbound request, TspService tsp, CancellationToken ct) =>
            BinanceEnvelope.Ok(await tsp.ConfigAsync(request.MerchantId, ct).ConfigureAwait(false)),
        Summary = "Service provider config: whether fee sharing is allowed and the scopes the provider may ask for",
        Example = "{}",
        Codes = [ResultCodes.MerchantAccessForbidden],
    };

    public static readonly EndpointDeclaration Create = new()
    {
        Path = Prefix + "create",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(TspGate),
        Response = typeof(TspCreateResult),
        RequestDto = typeof(TspCreateRequest),
        Request = Shape.Of(MerchantId, Scopes, IpWhitelist),
        Handler = CreateAsync,
        Summary = "Ask a merchant to authorise this provider for some scopes: PENDING, and the review page the "
                  + "merchant approves or rejects on (TECH_PROVIDER webhook)",
        Example = """{"merchantId":"123456789","scopes":["CHECKOUT"],"ipWhitelist":["203.0.113.7"]}""",
        Codes = [ResultCodes.MerchantAccessForbidden, ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration RecordGet = new()
    {
        Path = Prefix + "record/get",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(TspGate),
        RequestDto = typeof(TspRecordGetRequest),
        Response = typeof(TspAuthRecord),
        Request = Shape.Of(MerchantId),
        Handler = async (Inbound request, TspService tsp, CancellationToken ct) => BinanceEnvelope.From(
            await tsp.GetAsync(request.MerchantId, request.Fields.Text(MerchantId)!, ct).ConfigureAwait(false),
            record => record),
        Summary = "The provider's authorisation by a merchant (the token once AUTHORIZED)",
        Example = """{"merchantId":"123456789"}""",
        Codes = [ResultCodes.MerchantAccessForbidden, ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration Record = new()
    {
        Path = Prefix + "record",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(TspGate),
        RequestDto = typeof(TspRecordPageRequest),
        Response = typeof(TspRecordPage),
        Request = Shape.Of(Page, Rows, OptionalMerchantId),
        Handler = async (Inbound request, TspService tsp, CancellationToken ct) =>
        {
            var f = request.Fields;
            return BinanceEnvelope.Ok(await tsp.PageAsync(request.MerchantId, (int)f.Number(Page)!.Value,
                (int)f.Number(Rows)!.Value, f.Text(OptionalMerchantId), ct).ConfigureAwait(false));
        },
        Summary = "A page of the provider's authorisations (newest first, at most 10 rows), optionally of one merchant",
        Example = """{"page":1,"rows":10}""",
        Codes = [ResultCodes.MerchantAccessForbidden],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Config, Create, RecordGet, Record];

    private static async Task<IResult> CreateAsync(Inbound request, TspService tsp, CitrineOptions options,
        HttpContext context, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await tsp.CreateAsync(request.MerchantId, f.Text(MerchantId)!, f.TextList(Scopes)!,
            f.TextList(IpWhitelist)!, OrderLinks.BaseUrl(context, options), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, created => created);
    }
}

/// <summary>The gate of the provider calls: a merchant that is not a provider gets 400606 whatever its body says.</summary>
internal sealed class TspGate(TspService tsp) : IIngressGate
{
    public Task<Failure?> CheckAsync(Caller caller, CancellationToken cancellationToken) =>
        caller.MerchantId is { } merchantId
            ? tsp.CheckProviderAsync(merchantId, cancellationToken)
            : Task.FromResult<Failure?>(null);
}

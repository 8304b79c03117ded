using System.Globalization;
using System.Text.Json.Serialization;
using Citrine.Application.Buyers;
using Citrine.Contracts;
using Citrine.Server.Features.Admin;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Buyers;

/// <summary>
/// Sandbox buyers through the admin API (Citrine-only): <c>POST /admin/buyers</c> <c>{name, funds}</c>,
/// <c>GET /admin/buyers</c>, <c>GET /admin/buyers/{id}</c>, <c>POST /admin/buyers/{id}/fund</c> <c>{funds}</c>.
/// <c>funds</c> maps an asset to an amount (number or string, at most 8 decimals): <c>{"USDT":"1000","BNB":2}</c>.
/// </summary>
internal static class BuyerEndpoints
{
    private static readonly Field Name = Text("name", required: true, BuyerAdmin.NameLengthMax);
    private static readonly Field Funds = AmountMap("funds", required: false);
    private static readonly Field RequiredFunds = AmountMap("funds", required: true);

    public static readonly EndpointDeclaration Create = AdminEndpoints.Declare("/admin/buyers", typeof(BuyerView),
        Shape.Of(Name, Funds), async (Inbound request, BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.From(await admin.CreateAsync(request.Fields.Text(Name),
                request.Fields.AmountMap(Funds) ?? new Dictionary<string, long>(), ct).ConfigureAwait(false), ToView)) with
    {
        Summary = "Create a sandbox buyer with funds",
        Example = """{"name":"Alice","funds":{"USDT":"1000","BNB":2}}""",
        Codes = [ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue],
    };

    public static readonly EndpointDeclaration Fund = AdminEndpoints.Declare("/admin/buyers/{buyerId:long}/fund",
        typeof(BuyerView), Shape.Of(RequiredFunds), async (long buyerId, Inbound request, BuyerAdmin admin,
            CancellationToken ct) => BinanceEnvelope.From(await admin.FundAsync(buyerId,
            request.Fields.AmountMap(RequiredFunds)!, ct).ConfigureAwait(false), ToView)) with
    {
        Summary = "Add funds to a sandbox buyer",
        Example = """{"funds":{"USDT":"500"}}""",
        Codes =
        [
            ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue,
            ResultCodes.SandboxBuyerNotFound,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Create, Fund];

    /// <summary>The buyer reads (GET) of the admin group; writes are the declarations.</summary>
    public static void MapReads(RouteGroupBuilder admin)
    {
        admin.MapGet("/buyers", async (BuyerAdmin buyers, CancellationToken ct) =>
            BinanceEnvelope.Ok((await buyers.ListAsync(ct).ConfigureAwait(false)).Select(ToView).ToList()));
        admin.MapGet("/buyers/{buyerId:long}", async (long buyerId, BuyerAdmin buyers, CancellationToken ct) =>
            await buyers.GetAsync(buyerId, ct).ConfigureAwait(false) is { } wallet
                ? BinanceEnvelope.Ok(ToView(wallet))
                : NotFound(buyerId));
    }

    private static BuyerView ToView(BuyerWallet wallet) => new(wallet.Buyer.BuyerId, wallet.Buyer.Name,
        wallet.Buyer.CreatedAtMs,
        wallet.BalanceUnits.ToDictionary(b => b.Key, b => Amounts.FormatUnits(b.Value), StringComparer.Ordinal));

    private static BinanceEnvelope NotFound(long buyerId) =>
        BinanceEnvelope.Fail(ResultCodes.SandboxBuyerNotFound,
            string.Create(CultureInfo.InvariantCulture, $"buyerId: no sandbox buyer {buyerId}"), 404);

    /// <summary>A buyer as the admin API shows it; balances are strings with 8 decimals.</summary>
    internal sealed record BuyerView(
        [property: JsonPropertyName("buyerId")] long BuyerId,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("createTime")] long CreateTime,
        [property: JsonPropertyName("balances")] IReadOnlyDictionary<string, string> Balances);
}

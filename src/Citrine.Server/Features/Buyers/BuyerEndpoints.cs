using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Citrine.Application.Buyers;
using Citrine.Contracts;
using Citrine.Server.Features.Payments;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Buyers;

/// <summary>
/// Sandbox buyers through the admin API (Citrine-only): <c>POST /admin/buyers</c> <c>{name, funds}</c>,
/// <c>GET /admin/buyers</c>, <c>GET /admin/buyers/{id}</c>, <c>POST /admin/buyers/{id}/fund</c> <c>{funds}</c>.
/// <c>funds</c> maps an asset to an amount (number or string, at most 8 decimals): <c>{"USDT":"1000","BNB":2}</c>.
/// </summary>
internal static class BuyerEndpoints
{
    private const int AssetLengthMax = 10;

    public static void Map(IEndpointRouteBuilder app)
    {
        var buyers = app.MapGroup("/admin/buyers").AddEndpointFilter(async (context, next) =>
            AdminRequest.IsAdmin(context.HttpContext)
                ? await next(context).ConfigureAwait(false)
                : AdminRequest.Unauthorized());

        buyers.MapPost("", (HttpContext context, BuyerAdmin admin) => AdminRequest.WithBodyAsync(context,
            async body =>
            {
                var name = new FieldReader(body).String("name", required: true, BuyerAdmin.NameLengthMax);
                var result = await admin.CreateAsync(name, ReadFunds(body, required: false), context.RequestAborted)
                    .ConfigureAwait(false);
                return BinanceEnvelope.From(result, ToView);
            }));
        buyers.MapGet("", async (BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.Ok((await admin.ListAsync(ct).ConfigureAwait(false)).Select(ToView).ToList()));
        buyers.MapGet("/{buyerId:long}", async (long buyerId, BuyerAdmin admin, CancellationToken ct) =>
            await admin.GetAsync(buyerId, ct).ConfigureAwait(false) is { } wallet
                ? BinanceEnvelope.Ok(ToView(wallet))
                : NotFound(buyerId));
        buyers.MapPost("/{buyerId:long}/fund", (long buyerId, HttpContext context, BuyerAdmin admin) =>
            AdminRequest.WithBodyAsync(context, async body =>
            {
                var result = await admin.FundAsync(buyerId, ReadFunds(body, required: true), context.RequestAborted)
                    .ConfigureAwait(false);
                return BinanceEnvelope.From(result, ToView);
            }));
    }

    private static Dictionary<string, long> ReadFunds(JsonElement body, bool required)
    {
        var funds = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!body.TryGetProperty("funds", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required
                ? throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, "funds: is mandatory")
                : funds;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed,
                "funds: must be an object of asset to amount, e.g. {\"USDT\":\"1000\"}");
        }

        var reader = new FieldReader(element, "funds.");
        foreach (var asset in element.EnumerateObject().Select(p => p.Name))
        {
            if (asset.Length is 0 or > AssetLengthMax || !asset.All(char.IsAsciiLetterOrDigit))
            {
                throw new FieldException(ResultCodes.InvalidParamIllegalChar,
                    $"funds: asset names are 1 to {AssetLengthMax} letters or digits");
            }

            if (!funds.TryAdd(asset, reader.Amount(asset, required: true)!.Value))
            {
                throw new FieldException(ResultCodes.InvalidRequest, $"funds.{asset}: given twice");
            }
        }

        return funds;
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

using Citrine.Application.Otc;
using Citrine.Contracts;
using Citrine.Contracts.Otc;
using Citrine.Server.Features.Wallets;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Otc;

/// <summary>Convert (<c>/binancepay/openapi/otc-portal/…</c>, docs/api-reference.md#convert): pairs, quotes, their
/// execution and the trade orders, for whitelisted merchants only (<see cref="ConvertGate"/>).</summary>
internal static class ConvertEndpoints
{
    public const int QuoteIdMax = 64;
    public const int OrderIdMax = 32;

    private static readonly Field FromAsset = WalletFields.Currency(required: true) with { Name = "fromAsset" };
    private static readonly Field ToAsset = WalletFields.Currency(required: true) with { Name = "toAsset" };
    private static readonly Field FromAmount = Amount("fromAmount", required: false);
    private static readonly Field ToAmount = Amount("toAmount", required: false);
    private static readonly Field QuoteId = Text("quoteId", required: true, QuoteIdMax);
    private static readonly Field OrderId = Text("orderId", required: true, OrderIdMax);

    public static readonly EndpointDeclaration Selector = new()
    {
        Path = "/binancepay/openapi/otc-portal/get-to-selector",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(ConvertGate),
        RequestDto = typeof(ConvertSelectorRequest),
        Response = typeof(ConvertSelectorResult),
        Request = Shape.Of(FromAsset),
        Handler = SelectorAsync,
        Summary = "Convert pairs: the assets fromAsset converts to, with the limits of a quote on each side",
        Example = """{"fromAsset":"USDT"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration Quote = new()
    {
        Path = "/binancepay/openapi/otc-portal/get-quote",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(ConvertGate),
        RequestDto = typeof(ConvertQuoteRequest),
        Response = typeof(ConvertQuoteResult),
        Request = Shape.Of(WalletFields.Wallet, FromAsset, ToAsset, FromAmount, ToAmount,
            Rule("fromAsset and toAsset differ", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Text(FromAsset) == c.Values.Text(ToAsset)
                    ? "toAsset: must differ from fromAsset"
                    : null),
            Rule("one of fromAmount and toAmount is given", ResultCodes.MandatoryParamEmptyOrMalformed,
                c => c.Values.Number(FromAmount) is null && c.Values.Number(ToAmount) is null
                    ? "fromAmount: give fromAmount or toAmount"
                    : null),
            Rule("not both fromAmount and toAmount", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Number(FromAmount) is not null && c.Values.Number(ToAmount) is not null
                    ? "toAmount: give either fromAmount or toAmount, the other as null"
                    : null)),
        Handler = QuoteAsync,
        Summary = "Convert quote: the price of converting fromAsset to toAsset in a wallet (quoteId absent when the "
                  + "wallet cannot cover it)",
        Example = """{"wallet":"FUNDING_WALLET","fromAsset":"USDT","toAsset":"BNB","toAmount":0.08}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration Execute = new()
    {
        Path = "/binancepay/openapi/otc-portal/execute-quote",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(ConvertGate),
        RequestDto = typeof(ConvertExecuteRequest),
        Response = typeof(ConvertExecuteResult),
        Request = Shape.Of(QuoteId),
        Handler = ExecuteAsync,
        Summary = "Execute a convert quote once, before it expires: one journal debits fromAsset and credits toAsset",
        Example = """{"quoteId":"4e1a3d0c9b8f4f2c8a7e6d5c4b3a2f1e"}""",
        Codes =
        [
            ResultCodes.ConvertQuoteTimeOut, ResultCodes.InvalidOrderStatus,
            ResultCodes.AccountRemainingAmountNotEnough, ResultCodes.OrderNotFound,
        ],
    };

    public static readonly EndpointDeclaration TradeQuery = new()
    {
        Path = "/binancepay/openapi/otc-portal/query-trade-order",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(ConvertGate),
        RequestDto = typeof(ConvertTradeQueryRequest),
        Response = typeof(ConvertTradeResult),
        Request = Shape.Of(OrderId),
        Handler = TradeQueryAsync,
        Summary = "Query a convert trade order by the orderId execute-quote answered",
        Example = """{"orderId":"1309477640981204290"}""",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Selector, Quote, Execute, TradeQuery];

    private static IResult SelectorAsync(Inbound request, ConvertService convert)
    {
        var from = request.Fields.Text(FromAsset)!;
        return BinanceEnvelope.From(convert.Pairs(from), pairs => new ConvertSelectorResult
        {
            Coin = from,
            ToList = [.. pairs.Select(p => new ConvertPair
            {
                Coin = p.Coin,
                FromMin = Amounts.FromUnits(p.From.MinUnits),
                FromMax = Amounts.FromUnits(p.From.MaxUnits),
                ToMin = Amounts.FromUnits(p.To.MinUnits),
                ToMax = Amounts.FromUnits(p.To.MaxUnits),
                Reverse = true,
                Base = true,
            })],
        });
    }

    private static async Task<IResult> QuoteAsync(Inbound request, ConvertService convert,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await convert.QuoteAsync(new QuoteCommand(request.MerchantId, f.Text(WalletFields.Wallet)!,
            f.Text(FromAsset)!, f.Text(ToAsset)!, f.Number(FromAmount), f.Number(ToAmount)), cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, a => new ConvertQuoteResult
        {
            QuoteId = a.Quote?.QuoteId,
            Ratio = Amounts.FromUnits(a.Price.RatioUnits),
            InverseRatio = Amounts.FromUnits(a.Price.InverseUnits),
            ValidTimestamp = a.ValidTimestampMs,
            ExpireTime = a.ExpireSeconds,
            ToAmount = Amounts.FromUnits(a.Price.ToUnits),
            ToCoin = f.Text(ToAsset)!,
            FromAmount = Amounts.FromUnits(a.Price.FromUnits),
            FromCoin = f.Text(FromAsset)!,
        });
    }

    private static async Task<IResult> ExecuteAsync(Inbound request, ConvertService convert,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await convert.ExecuteAsync(request.MerchantId, request.Fields.Text(QuoteId)!,
            cancellationToken).ConfigureAwait(false), t => new ConvertExecuteResult
            {
                OrderId = t.OrderId,
                CreateTime = t.CreateTimeMs,
                OrderStatus = t.Status,
                QuotePrice = Amounts.FromUnits(t.RatioUnits),
                InversePrice = Amounts.FromUnits(t.InverseUnits),
                FromCoin = t.FromAsset,
                FromCoinAmount = Amounts.FromUnits(t.FromUnits),
                ToCoin = t.ToAsset,
                ToCoinAmount = Amounts.FromUnits(t.ToUnits),
            });

    private static async Task<IResult> TradeQueryAsync(Inbound request, ConvertService convert,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await convert.QueryAsync(request.MerchantId, request.Fields.Text(OrderId)!,
            cancellationToken).ConfigureAwait(false), t => new ConvertTradeResult
            {
                OrderId = t.OrderId,
                OrderStatus = t.Status,
                FromAsset = t.FromAsset,
                FromAmount = Amounts.FromUnits(t.FromUnits),
                ToAsset = t.ToAsset,
                ToAmount = Amounts.FromUnits(t.ToUnits),
                Ratio = Amounts.FromUnits(t.RatioUnits),
                InverseRatio = Amounts.FromUnits(t.InverseUnits),
            });
}

using Citrine.Application.Wallets;
using Citrine.Contracts;
using Citrine.Contracts.Wallets;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Wallets;

/// <summary>Wallet Balance v1/v2, Transfer Fund and its query (docs/api-reference.md#wallets): pure views of, and one
/// journal on, the merchant's wallet accounts in the ledger.</summary>
internal static class WalletEndpoints
{
    public const int RequestIdMax = 32;

    private static readonly Field Currency = WalletFields.Currency(required: true);
    private static readonly Field OptionalCurrency = WalletFields.Currency(required: false);
    private static readonly Field RequestId = Text("requestId", required: true, RequestIdMax);
    private static readonly Field TransferAmount = Amount("amount", required: true);
    private static readonly Field TransferType = Enum("transferType", required: true, WalletNames.TransferTypes);
    private static readonly Field TranId = Text("tranId", required: true, RequestIdMax);

    public static readonly EndpointDeclaration BalanceV1 = new()
    {
        Path = "/binancepay/openapi/balance",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(WalletBalanceRequest),
        Response = typeof(WalletBalanceResult),
        Request = Shape.Of(WalletFields.Wallet, Currency),
        Handler = BalanceV1Async,
        Summary = "Wallet balance v1: one asset of the FUNDING or SPOT wallet",
        Example = """{"wallet":"FUNDING_WALLET","currency":"USDT"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration BalanceV2 = new()
    {
        Path = "/binancepay/openapi/v2/balance",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(WalletBalanceV2Request),
        Response = typeof(WalletBalanceV2Result),
        Request = Shape.Of(WalletFields.Wallet, OptionalCurrency),
        Handler = BalanceV2Async,
        Summary = "Wallet balance v2: every asset the wallet ever held, or one",
        Example = """{"wallet":"SPOT_WALLET"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration Transfer = new()
    {
        Path = "/binancepay/openapi/wallet/transfer",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(TransferFundRequest),
        Response = typeof(TransferFundResult),
        Request = Shape.Of(RequestId, Currency, TransferAmount, TransferType),
        Handler = TransferAsync,
        Summary = "Transfer fund between the FUNDING and SPOT wallets (idempotent by requestId)",
        Example = """{"requestId":"100002021071407140001","currency":"USDT","amount":"0.01","transferType":"TO_MAIN"}""",
        Codes = [ResultCodes.RepeatRequestSuccess, ResultCodes.AccountRemainingAmountNotEnough, ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration TransferQuery = new()
    {
        Path = "/binancepay/openapi/wallet/transfer/query",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(TransferQueryRequest),
        Response = typeof(TransferFundResult),
        Request = Shape.Of(TranId),
        Handler = TransferQueryAsync,
        Summary = "Query a transfer by its tranId (the requestId it was made with)",
        Example = """{"tranId":"100002021071407140001"}""",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } =
        [BalanceV1, BalanceV2, Transfer, TransferQuery];

    private static async Task<IResult> BalanceV1Async(Inbound request, WalletService wallets,
        WalletValuation valuation, CancellationToken cancellationToken)
    {
        var asset = (await wallets.BalancesAsync(request.MerchantId,
            WalletRules.Wallet(request.Fields.Text(WalletFields.Wallet)!), request.Fields.Text(Currency),
            cancellationToken).ConfigureAwait(false)).Single();
        return BinanceEnvelope.Ok(new WalletBalanceResult
        {
            Balance = Amounts.FromUnits(asset.AvailableUnits),
            Asset = asset.Asset,
            Fiat = WalletNames.ValuationFiat,
            AvailableFiatValuation = Amounts.FromUnits(valuation.UsdUnits(asset.Asset, asset.AvailableUnits)),
            AvailableBtcValuation = Amounts.FromUnits(valuation.BtcUnits(asset.Asset, asset.AvailableUnits)),
        });
    }

    private static async Task<IResult> BalanceV2Async(Inbound request, WalletService wallets,
        WalletValuation valuation, TimeProvider time, CancellationToken cancellationToken)
    {
        var wallet = request.Fields.Text(WalletFields.Wallet)!;
        var assets = await wallets.BalancesAsync(request.MerchantId, WalletRules.Wallet(wallet),
            request.Fields.Text(OptionalCurrency), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new WalletBalanceV2Result
        {
            Balance = [.. assets.Select(a => new WalletAssetBalance
            {
                Available = Amounts.FromUnits(a.AvailableUnits),
                Freeze = Amounts.FromUnits(a.FreezeUnits),
                Asset = a.Asset,
                AvailableFiatValuation = Amounts.FromUnits(valuation.UsdUnits(a.Asset, a.AvailableUnits)),
                AvailableBtcValuation = Amounts.FromUnits(valuation.BtcUnits(a.Asset, a.AvailableUnits)),
            })],
            Wallet = wallet,
            UpdateTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Fiat = WalletNames.ValuationFiat,
        });
    }

    private static async Task<IResult> TransferAsync(Inbound request, TransferFundHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await handler.HandleAsync(new TransferCommand(request.MerchantId, f.Text(RequestId)!,
            f.Text(Currency)!, f.Number(TransferAmount)!.Value, f.Text(TransferType)!), cancellationToken)
            .ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceEnvelope.Fail(result.Code, result.Message);
        }

        var view = ToResult(result.Value!.Transfer);
        return result.Value.Replay ? BinanceEnvelope.Repeat(view) : BinanceEnvelope.Ok(view);
    }

    private static async Task<IResult> TransferQueryAsync(Inbound request, TransferFundHandler handler,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await handler.QueryAsync(request.MerchantId, request.Fields.Text(TranId)!,
            cancellationToken).ConfigureAwait(false), ToResult);

    private static TransferFundResult ToResult(WalletTransfer transfer) => new()
    {
        TranId = transfer.RequestId,
        Status = transfer.Status,
        Currency = transfer.Currency,
        Amount = Amounts.FromUnits(transfer.AmountUnits),
        TransferType = transfer.TransferType,
    };
}

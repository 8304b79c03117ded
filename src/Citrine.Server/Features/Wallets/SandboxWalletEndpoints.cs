using System.Text.Json.Serialization;
using Citrine.Application.Wallets;
using Citrine.Contracts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Wallets;

/// <summary>
/// Citrine-only sandbox verbs on a merchant wallet (docs/sandbox.md#merchant-wallets): <c>/sandbox/wallet/fund</c>
/// and <c>/sandbox/wallet/drain</c> with <c>{wallet, currency, amount}</c>, signed by the merchant for its own wallet
/// or with the admin token and <c>merchantId</c>. Money comes from and goes back to <c>sandbox:mint</c>; a drain below
/// zero is refused with <c>400304</c>.
/// </summary>
internal static class SandboxWalletEndpoints
{
    private static readonly Field MerchantId = Integer("merchantId", required: true);
    private static readonly Field Currency = WalletFields.Currency(required: true);
    private static readonly Field WalletAmount = Amount("amount", required: true);

    /// <summary>The administrator named no merchant: 404, as every admin verb answers an unknown merchant.</summary>
    private static readonly DeclaredCode MerchantNotFound = DeclaredCode.NotFound(ResultCodes.InvalidRequest);

    private static readonly Shape Request = Shape.Of(
        When("merchantId for the administrator", c => c.Caller.IsAdmin, MerchantId),
        WalletFields.Wallet, Currency, WalletAmount);

    public static readonly EndpointDeclaration Fund = Declare("/sandbox/wallet/fund", drain: false) with
    {
        Summary = "Add sandbox money to a merchant wallet",
        Example = """{"wallet":"FUNDING_WALLET","currency":"USDT","amount":"100"}""",
        Codes = [ResultCodes.InvalidParamWrongValue, MerchantNotFound],
    };

    public static readonly EndpointDeclaration Drain = Declare("/sandbox/wallet/drain", drain: true) with
    {
        Summary = "Take money out of a merchant wallet (to test insufficient balance)",
        Example = """{"wallet":"FUNDING_WALLET","currency":"USDT","amount":"1"}""",
        Codes =
        [
            ResultCodes.InvalidParamWrongValue, MerchantNotFound, ResultCodes.AccountRemainingAmountNotEnough,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Fund, Drain];

    private static EndpointDeclaration Declare(string path, bool drain) => new()
    {
        Path = path,
        Auth = AuthPolicy.SignedOrAdmin,
        Response = typeof(WalletView),
        Request = Request,
        Handler = async (Inbound request, WalletService wallets, CancellationToken ct) =>
        {
            var f = request.Fields;
            var merchantId = request.Caller.MerchantId ?? f.Number(MerchantId)!.Value;
            var walletName = f.Text(WalletFields.Wallet)!;
            var wallet = WalletRules.Wallet(walletName);
            var (asset, units) = (f.Text(Currency)!, f.Number(WalletAmount)!.Value);
            var result = drain
                ? await wallets.DrainAsync(merchantId, wallet, asset, units, ct).ConfigureAwait(false)
                : await wallets.FundAsync(merchantId, wallet, asset, units, ct).ConfigureAwait(false);
            if (!result.IsSuccess && result.Code == ResultCodes.InvalidRequest)
            {
                return BinanceEnvelope.Fail(result.Code, result.Message, 404);
            }

            return BinanceEnvelope.From(result, a => new WalletView(merchantId, walletName, a.Asset,
                Amounts.FormatUnits(a.AvailableUnits), Amounts.FormatUnits(a.FreezeUnits)));
        },
    };

    /// <summary>The wallet's asset after the change; amounts are strings with 8 decimals.</summary>
    internal sealed record WalletView(
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("wallet")] string Wallet,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("available")] string Available,
        [property: JsonPropertyName("freeze")] string Freeze);
}

using System.Globalization;
using System.Text.Json.Serialization;
using Citrine.Application.Partners;
using Citrine.Contracts;
using Citrine.Contracts.Partners;
using Citrine.Server.Features.Admin;
using Citrine.Server.Features.Wallets;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Partners;

/// <summary>Citrine-only verbs of the partner calls: the sandbox "buyer scans merchant QR code" (docs/sandbox.md#merchant-
/// qr-codes), and the administrator's provider role and authorisation switch (docs/sandbox.md#technical-service-
/// providers).</summary>
internal static class PartnerSandboxEndpoints
{
    private static readonly Field QrContent = Text("qrContent", required: true, 256);
    private static readonly Field QrCodeType = Enum("qrCodeType", required: false, PartnerNames.QrCodeTypes);
    private static readonly Field Amount = Fields.Amount("amount", required: false);
    private static readonly Field Currency = WalletFields.Currency(required: false);
    private static readonly Field Scopes = EnumList("scopes", required: false, PartnerNames.Scopes, 7);
    private static readonly Field AllowFeeShare = Boolean("allowFeeShare", required: false);
    private static readonly Field Enabled = Boolean("enabled", required: false);
    private static readonly Field NewScopes = EnumList("scopes", required: true, PartnerNames.Scopes, 7);

    /// <summary>An unknown merchantId or authorisation in the path: 400001 with HTTP 404.</summary>
    private static readonly DeclaredCode NotFound = DeclaredCode.NotFound(ResultCodes.InvalidRequest);

    public static readonly EndpointDeclaration Scan = new()
    {
        Path = "/sandbox/merchant-qr/scan",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(MerchantQrCodeNotificationData),
        Request = Shape.Of(QrContent, QrCodeType, Amount, Currency,
            Rule("a USER_INPUT_AMOUNT scan names amount and currency", ResultCodes.MandatoryParamEmptyOrMalformed,
                c => c.Values.Text(QrCodeType) == PartnerNames.UserInputAmount
                     && (c.Values.Number(Amount) is null || c.Values.Text(Currency) is null)
                    ? "amount: a USER_INPUT_AMOUNT scan names amount and currency"
                    : null)),
        Handler = async (Inbound request, MerchantQrService qr, CancellationToken ct) =>
        {
            var f = request.Fields;
            var scan = await qr.ScanAsync(request.MerchantId, f.Text(QrContent)!,
                f.Text(QrCodeType) ?? PartnerNames.FixedAmount, f.Number(Amount), f.Text(Currency), ct)
                .ConfigureAwait(false);
            return BinanceEnvelope.Ok(new MerchantQrCodeNotificationData
            {
                QrContent = scan.QrContent,
                ReferId = scan.ReferId.ToString(CultureInfo.InvariantCulture),
                QrCodeType = scan.QrCodeType,
                Amount = scan.Amount,
                Currency = scan.Currency,
            });
        },
        Summary = "A Binance App user scans one of the merchant's QR codes: MERCHANT_QR_CODE webhook and a single-use "
                  + "referId for a v3 order's qrCodeReferId",
        Example = """{"qrContent":"https://pay.partner.example/qr/1","qrCodeType":"FIXED_AMOUNT"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration Provider = AdminEndpoints.Declare(
        "/admin/merchants/{merchantId:long}/service-provider", typeof(TspConfigResult),
        Shape.Of(Enabled, Scopes, AllowFeeShare),
        async (long merchantId, Inbound request, TspService tsp, Application.Merchants.IMerchantStore merchants,
            IPartnerStore store, CancellationToken ct) =>
        {
            if (await merchants.GetMerchantAsync(merchantId, ct).ConfigureAwait(false) is null)
            {
                return BinanceEnvelope.Fail(ResultCodes.InvalidRequest, $"merchant {merchantId} not found", 404);
            }

            var f = request.Fields;
            await store.SetProviderAsync(merchantId, f.Flag(Enabled) == false
                ? null
                : new TspProvider(merchantId, f.TextList(Scopes) is { } scopes ? [.. scopes.Distinct()] : PartnerNames.Scopes,
                    f.Flag(AllowFeeShare) ?? false), ct).ConfigureAwait(false);
            return BinanceEnvelope.Ok(await tsp.ConfigAsync(merchantId, ct).ConfigureAwait(false));
        }) with
    {
        Summary = "Make a merchant a technical service provider with the scopes it may ask for (all when absent), "
                  + "or take the role away (enabled: false)",
        Example = """{"scopes":["CHECKOUT","REFUND"],"allowFeeShare":false}""",
        Codes = [NotFound],
    };

    public static readonly EndpointDeclaration DisableAuthorization = AdminEndpoints.Declare(
        "/admin/service-provider/authorizations/{authorizationId:long}/disable", typeof(AuthorizationState),
        Shape.Empty,
        async (long authorizationId, TspService tsp, CancellationToken ct) =>
            BinanceEnvelope.From(await tsp.DisableAsync(authorizationId, ct).ConfigureAwait(false),
                auth => new AuthorizationState(auth.AuthorizationId.ToString(CultureInfo.InvariantCulture),
                    auth.Status))) with
    {
        Summary = "Disable a provider's authorisation (TP_AUTH_DISABLED webhook to the provider)",
        Example = "{}",
        Codes = [ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration ChangeAuthorizationScopes = AdminEndpoints.Declare(
        "/admin/service-provider/authorizations/{authorizationId:long}/scopes", typeof(AuthorizationScopes),
        Shape.Of(NewScopes,
            Rule("an authorisation keeps at least one scope", ResultCodes.MandatoryParamEmptyOrMalformed,
                c => c.Values.TextList(NewScopes) is { Count: 0 } ? "scopes: at least one scope" : null)),
        async (long authorizationId, Inbound request, TspService tsp, CancellationToken ct) =>
            BinanceEnvelope.From(
                await tsp.ChangeScopesAsync(authorizationId, request.Fields.TextList(NewScopes)!, ct)
                    .ConfigureAwait(false),
                auth => new AuthorizationScopes(auth.AuthorizationId.ToString(CultureInfo.InvariantCulture),
                    auth.Status, auth.Scopes))) with
    {
        Summary = "Change the scopes of an AUTHORIZED authorisation, as its merchant would in the merchant portal "
                  + "(TP_AUTH_CHANGED webhook to the provider, same token)",
        Example = """{"scopes":["CHECKOUT","BALANCE"]}""",
        Codes = [ResultCodes.InvalidRequest, ResultCodes.InvalidParamWrongValue],
    };

    public static IReadOnlyList<EndpointDeclaration> SandboxDeclarations { get; } = [Scan];

    public static IReadOnlyList<EndpointDeclaration> AdminDeclarations { get; } =
        [Provider, DisableAuthorization, ChangeAuthorizationScopes];

    internal sealed record AuthorizationScopes(
        [property: JsonPropertyName("authorizationId")] string AuthorizationId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes);

    internal sealed record AuthorizationState(
        [property: JsonPropertyName("authorizationId")] string AuthorizationId,
        [property: JsonPropertyName("status")] string Status);
}

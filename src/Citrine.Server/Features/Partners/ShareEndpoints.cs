using System.Globalization;
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

/// <summary>Share account id (docs/api-reference.md#share-account-id) and its sandbox helper (docs/sandbox.md#share-
/// account-id). The consent page is <see cref="PartnersFeature"/>'s.</summary>
internal static class ShareEndpoints
{
    public const int RequestIdMax = 32;

    private static readonly Field SubMerchantId = Text("subMerchantId", required: false, 19, lettersOrDigits: true)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "digits only",
            text => text.All(char.IsAsciiDigit) && long.TryParse(text, CultureInfo.InvariantCulture, out _));

    private static readonly Field RequestId = Text("requestId", required: true, RequestIdMax, lettersOrDigits: true);
    private static readonly Field WebhookUrl = Url("webhookUrl", 256);
    private static readonly Field BuyerId = Integer("buyerId", required: true);

    public static readonly EndpointDeclaration Share = new()
    {
        Path = "/binancepay/openapi/shareinfo/accountId",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(ShareAccountIdRequest),
        Response = typeof(ShareAccountIdResult),
        Request = Shape.Of(SubMerchantId, RequestId, WebhookUrl),
        Handler = ShareAsync,
        Summary = "Share account id: a consent request (QR code and link, one hour) a Binance user approves to send "
                  + "their Binance ID in a SHARE_ACCOUNT_ID webhook; a replayed requestId answers the same request",
        Example = """{"requestId":"9109c2bd482ef6bccc819c45af104a78"}""",
        Codes = [ResultCodes.SubMerchantInvalid],
    };

    /// <summary>Sandbox: a buyer the merchant may use approves the merchant's request named by requestId.</summary>
    public static readonly EndpointDeclaration SandboxApprove = new()
    {
        Path = "/sandbox/shareinfo/approve",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(ShareAccountIdNotificationData),
        Request = Shape.Of(RequestId, BuyerId),
        Handler = ApproveAsync,
        Summary = "Approve a share account id request as a sandbox buyer: SHARED, and the SHARE_ACCOUNT_ID webhook",
        Example = """{"requestId":"9109c2bd482ef6bccc819c45af104a78","buyerId":100000001}""",
        Codes = [ResultCodes.InvalidRequest, ResultCodes.SandboxBuyerNotFound],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Share];

    public static IReadOnlyList<EndpointDeclaration> SandboxDeclarations { get; } = [SandboxApprove];

    public static string PagePath(string code) => "/share/" + code;

    public static ShareAccountIdResult Answer(ShareRequest request, string baseUrl) => new()
    {
        MerchantId = request.MerchantId,
        Id = request.Id.ToString(CultureInfo.InvariantCulture),
        RequestId = request.RequestId,
        ExpireTime = request.ExpireAtMs,
        QrcodeContent = baseUrl + PagePath(request.Code),
        QrcodeUrl = baseUrl + PagePath(request.Code) + "/qr.png",
    };

    private static async Task<IResult> ShareAsync(Inbound request, ShareAccountService shares, CitrineOptions options,
        HttpContext context, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var sub = f.Text(SubMerchantId) is { Length: > 0 } text
            ? long.Parse(text, CultureInfo.InvariantCulture)
            : (long?)null;
        var result = await shares.CreateAsync(request.MerchantId, f.Text(RequestId)!, sub, f.Text(WebhookUrl),
            cancellationToken).ConfigureAwait(false);
        var baseUrl = OrderLinks.BaseUrl(context, options);
        return BinanceEnvelope.From(result, stored => Answer(stored, baseUrl));
    }

    private static async Task<IResult> ApproveAsync(Inbound request, ShareAccountService shares,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        if (await shares.FindAsync(request.MerchantId, f.Text(RequestId)!, cancellationToken).ConfigureAwait(false)
            is not { } share)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest, "requestId: no such share request");
        }

        var result = await shares.ApproveAsync(share, f.Number(BuyerId)!.Value, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, data => data);
    }
}

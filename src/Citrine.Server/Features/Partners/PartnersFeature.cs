using System.Globalization;
using Citrine.Application;
using Citrine.Application.Merchants;
using Citrine.Application.Partners;
using Citrine.Application.Security;
using Citrine.Server.Features.Checkout;
using Citrine.Server.Features.Dashboard;
using Citrine.Storage;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Partners;

/// <summary>
/// Wiring of the partner calls (docs/api-reference.md#partners; endpoints: ShareEndpoints, TspEndpoints,
/// PartnerSandboxEndpoints) and their two consent pages: the share account id page a buyer opens from the QR code
/// (<c>/share/{code}</c>; the unguessable code is the capability, as the checkout's) and the service provider review
/// page (<c>/tsp/review-authorization?authId=…</c>) where the merchant the request names signs in with its own API
/// key and secret to approve or reject (the credentials posted with the decision are the authority, so no cookie or
/// session is involved). Both pages work without JavaScript.
/// </summary>
internal static class PartnersFeature
{
    private const int CodeLengthMax = 64;

    public static IServiceCollection AddPartners(this IServiceCollection services) => services
        .AddSingleton<IPartnerStore, SqlPartnerStore>()
        .AddSingleton<ShareAccountService>()
        .AddSingleton<TspService>()
        .AddSingleton<MerchantQrService>()
        .AddSingleton<TspGate>();

    public static void MapPartners(this IEndpointRouteBuilder app)
    {
        app.MapGet("/share/{code}", (string code, ShareAccountService shares, CitrineOptions options,
            HttpContext context) => ShowShareAsync(code, shares, options, context, null, null, 200));
        app.MapGet("/share/{code}/qr.png", QrAsync);
        app.MapPost("/share/{code}/approve", ApproveAsync);
        app.MapPost("/share/{code}/decline", (string code, ShareAccountService shares, CitrineOptions options,
            HttpContext context) => ShowShareAsync(code, shares, options, context, null,
            "You declined: nothing was shared.", 200));
        app.MapGet(TspService.ReviewPath, ShowReviewAsync);
        app.MapPost(TspService.ReviewPath, DecideAsync);
    }

    private static async Task<IResult> ShowShareAsync(string code, ShareAccountService shares,
        CitrineOptions options, HttpContext context, string? error, string? notice, int status)
    {
        var view = IsCode(code) ? await shares.ViewAsync(code, context.RequestAborted).ConfigureAwait(false) : null;
        var nonce = HtmlResults.NewNonce();
        return view is null
            ? HtmlResults.Page(PartnerPages.NotFound(nonce, "Share request not found"), nonce, 404)
            : HtmlResults.Page(PartnerPages.Share(new PartnerPages.ShareView(code, view.MerchantName, view.Status,
                view.Request.ExpireAtMs, view.Buyers, options.Sandbox, error, notice), nonce), nonce, status);
    }

    private static async Task<IResult> QrAsync(string code, ShareAccountService shares, CitrineOptions options,
        HttpContext context)
    {
        var view = IsCode(code) ? await shares.ViewAsync(code, context.RequestAborted).ConfigureAwait(false) : null;
        if (view is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "private, max-age=300";
        var content = ShareEndpoints.Answer(view.Request, Orders.OrderLinks.BaseUrl(context, options)).QrcodeContent;
        return Results.Bytes(QrCodePng.Render(content), "image/png");
    }

    private static async Task<IResult> ApproveAsync(string code, ShareAccountService shares, CitrineOptions options,
        HttpContext context)
    {
        var view = options.Sandbox && IsCode(code)
            ? await shares.ViewAsync(code, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (view is null)
        {
            var nonce = HtmlResults.NewNonce();
            return HtmlResults.Page(PartnerPages.NotFound(nonce, "Share request not found"), nonce, 404);
        }

        var form = await PageForms.ReadAsync(context, PageForms.Small).ConfigureAwait(false);
        if (form is null || !long.TryParse(form["buyerId"], NumberStyles.None, CultureInfo.InvariantCulture,
                out var buyerId))
        {
            return await ShowShareAsync(code, shares, options, context, "Choose a sandbox buyer.", null, 400)
                .ConfigureAwait(false);
        }

        var result = await shares.ApproveAsync(view.Request, buyerId, context.RequestAborted).ConfigureAwait(false);
        return result.IsSuccess
            ? HtmlResults.SeeOther(ShareEndpoints.PagePath(code))
            : await ShowShareAsync(code, shares, options, context, $"{result.Code}: {result.Message}", null,
                result.Code.HttpStatus).ConfigureAwait(false);
    }

    private static async Task<IResult> ShowReviewAsync(HttpContext context, TspService tsp)
    {
        var authId = context.Request.Query["authId"].ToString();
        return await ReviewPageAsync(authId, tsp, context, null, null, 200).ConfigureAwait(false);
    }

    private static async Task<IResult> ReviewPageAsync(string authId, TspService tsp, HttpContext context,
        string? error, string? notice, int status)
    {
        var review = long.TryParse(authId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await tsp.ReviewAsync(id, context.RequestAborted).ConfigureAwait(false)
            : null;
        var nonce = HtmlResults.NewNonce();
        if (review is not { } r)
        {
            return HtmlResults.Page(PartnerPages.NotFound(nonce, "Authorisation not found"), nonce, 404);
        }

        return HtmlResults.Page(PartnerPages.Authorization(new PartnerPages.AuthView(authId, r.ProviderName,
            r.MerchantName, r.Auth.Status, r.Auth.Scopes, error, notice), nonce), nonce, status);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, TspService tsp, IMerchantStore merchants,
        SecretProtector protector)
    {
        var form = await PageForms.ReadAsync(context, PageForms.Small).ConfigureAwait(false);
        var authId = form?["authId"].ToString() ?? "";
        if (form is null || !long.TryParse(authId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var nonce = HtmlResults.NewNonce();
            return HtmlResults.Page(PartnerPages.NotFound(nonce, "Authorisation not found"), nonce, 404);
        }

        var apiKey = form["apiKey"].ToString();
        var apiSecret = form["apiSecret"].ToString();
        var key = ApiKeyFormat.IsValid(apiKey) && apiSecret.Length > 0
            ? await merchants.GetApiKeyAsync(apiKey, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (key is not { Revoked: false, MerchantStatus: Merchant.Active }
            || !DashboardSessions.TokensMatch(apiSecret, protector.Unprotect(key.SecretCipher)))
        {
            return await ReviewPageAsync(authId, tsp, context, "Wrong API key or secret.", null, 401)
                .ConfigureAwait(false);
        }

        var approve = form["decision"] == "approve";
        var result = await tsp.DecideAsync(id, key.MerchantId, approve, context.RequestAborted).ConfigureAwait(false);
        return result.IsSuccess
            ? await ReviewPageAsync(authId, tsp, context, null,
                approve ? "You authorised the provider." : "You rejected the request.", 200).ConfigureAwait(false)
            : await ReviewPageAsync(authId, tsp, context, $"{result.Code}: {result.Message}", null,
                result.Code.HttpStatus).ConfigureAwait(false);
    }

    private static bool IsCode(string code) =>
        code.Length is > 0 and <= CodeLengthMax && code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}

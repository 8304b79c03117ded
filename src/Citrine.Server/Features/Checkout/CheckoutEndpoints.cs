using System.Globalization;
using Citrine.Application;
using Citrine.Application.Orders;
using Citrine.Application.Payments;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Citrine.Server.Features.Checkout;

/// <summary>
/// The hosted checkout (Citrine's stand-in for pay.binance.com): <c>checkoutUrl</c> renders the page;
/// <c>qrcodeLink</c> is a PNG of <c>qrContent</c>; <c>qrContent</c>, <c>deeplink</c> and <c>universalUrl</c> redirect
/// to the page. Pay posts a form and goes to <c>returnUrl</c>; Cancel goes to <c>cancelUrl</c> and leaves the order
/// open (the merchant closes it, or it expires), as a buyer backing out of Binance's checkout does not close it.
/// <para>
/// No anti-forgery token, by design: the page uses no cookies or session, so there is no ambient authority for a
/// forged cross-site POST to borrow. The unguessable checkout code in the URL (32 random characters) is the
/// capability, exactly as the link Binance hands the buyer; whoever holds it may pay as any sandbox buyer the order's
/// merchant may use (docs/sandbox.md#buyers). With <c>Citrine:Sandbox=false</c> the page shows the order and its QR
/// code only, and a posted payment answers the not-found page.
/// </para>
/// </summary>
internal static class CheckoutEndpoints
{
    private const int CodeLengthMax = 64;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/checkout/{code}", ShowAsync);
        app.MapGet("/checkout/{code}/qr.png", QrAsync);
        app.MapPost("/checkout/{code}/pay", PayAsync);
        app.MapPost("/checkout/{code}/cancel", CancelAsync);
        app.MapGet("/qr/{code}", (string code) => ToCheckout(code));
        app.MapGet("/payment/secpay", (HttpContext context) =>
            ToCheckout(FirstOf(context.Request.Query["linkToken"], context.Request.Query["tempToken"])));
    }

    private static async Task<IResult> ShowAsync(string code, CheckoutDependencies deps, HttpContext context)
    {
        var order = await FindAsync(code, deps, context).ConfigureAwait(false);
        return order is null ? NotFound() : await RenderAsync(deps, context, order).ConfigureAwait(false);
    }

    private static async Task<IResult> QrAsync(string code, CheckoutDependencies deps, HttpContext context)
    {
        var order = await FindAsync(code, deps, context).ConfigureAwait(false);
        if (order is null)
        {
            return NotFound();
        }

        var baseUrl = OrderLinks.BaseUrl(context, deps.Options);
        context.Response.Headers.CacheControl = "private, max-age=300";
        return Results.Bytes(QrCodePng.Render(OrderLinks.For(baseUrl, order).QrContent), "image/png");
    }

    private static async Task<IResult> PayAsync(string code, CheckoutDependencies deps, HttpContext context)
    {
        var order = deps.Options.Sandbox ? await FindAsync(code, deps, context).ConfigureAwait(false) : null;
        if (order is null)
        {
            return NotFound();
        }

        var form = await PageForms.ReadAsync(context, PageForms.Small).ConfigureAwait(false);
        if (form is null || !long.TryParse(form["buyerId"], NumberStyles.None, CultureInfo.InvariantCulture,
                out var buyerId))
        {
            return await RenderAsync(deps, context, order, "Choose a sandbox buyer to pay as.", status: 400)
                .ConfigureAwait(false);
        }

        var payCurrency = form["payCurrency"].ToString();
        var result = await deps.Pay.HandleAsync(order, buyerId,
            payCurrency.Length == 0 ? null : payCurrency, context.RequestAborted).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            return HtmlResults.SeeOther(order.ReturnUrl ?? CheckoutPath(order));
        }

        var current = await FindAsync(code, deps, context).ConfigureAwait(false) ?? order;
        return await RenderAsync(deps, context, current, $"{result.Code}: {result.Message}", status: result.Code.HttpStatus)
            .ConfigureAwait(false);
    }

    private static async Task<IResult> CancelAsync(string code, CheckoutDependencies deps, HttpContext context)
    {
        var order = await FindAsync(code, deps, context).ConfigureAwait(false);
        if (order is null)
        {
            return NotFound();
        }

        return order.CancelUrl is { } cancelUrl
            ? HtmlResults.SeeOther(cancelUrl)
            : await RenderAsync(deps, context, order,
                notice: "Payment cancelled. The order stays open until it expires or the merchant closes it.")
                .ConfigureAwait(false);
    }

    private static async Task<IResult> RenderAsync(CheckoutDependencies deps, HttpContext context, Order order,
        string? error = null, string? notice = null, int status = StatusCodes.Status200OK)
    {
        var s = await deps.Query.SnapshotAsync(order, context.RequestAborted).ConfigureAwait(false);
        var view = new CheckoutView(s.Order, s.MerchantName, s.RemainingMs, s.PayOptions, s.DefaultPayCurrency,
            s.Buyers, deps.Options.Sandbox, error, notice);
        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(CheckoutPage.Render(view, nonce), nonce, status);
    }

    private static async Task<Order?> FindAsync(string code, CheckoutDependencies deps, HttpContext context) =>
        IsCode(code)
            ? await deps.Query.FindAsync(code, context.RequestAborted).ConfigureAwait(false)
            : null;

    private static IResult ToCheckout(string? code) =>
        code is not null && IsCode(code) ? Results.Redirect("/checkout/" + code) : NotFound();

    private static IResult NotFound()
    {
        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(CheckoutPage.NotFound(nonce), nonce, StatusCodes.Status404NotFound);
    }

    private static string CheckoutPath(Order order) => "/checkout/" + order.CheckoutCode;

    private static bool IsCode(string code) =>
        code.Length is > 0 and <= CodeLengthMax && code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    private static string? FirstOf(StringValues first, StringValues second) =>
        !StringValues.IsNullOrEmpty(first) ? first.ToString()
        : !StringValues.IsNullOrEmpty(second) ? second.ToString()
        : null;
}

/// <summary>What the checkout pages need, bound as one endpoint parameter.</summary>
internal sealed record CheckoutDependencies(CheckoutQuery Query, CitrineOptions Options, PayOrderHandler Pay);

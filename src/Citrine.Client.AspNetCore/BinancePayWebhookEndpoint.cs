using Citrine.Client;
using Citrine.Contracts.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps a Binance Pay webhook receiver: it reads the raw body, verifies it with the registered
/// <see cref="WebhookVerifier"/> (see <c>AddCitrineClient</c>), parses the <see cref="WebhookEvent"/>, runs the
/// handler, and answers as the documentation asks (docs/api-reference.md#webhook-reply-and-retries):
/// <list type="bullet">
/// <item>handled: HTTP 200 <c>{"returnCode":"SUCCESS","returnMessage":null}</c>;</item>
/// <item>not verified: HTTP 400 <c>{"returnCode":"FAIL",…}</c> and the handler is not run;</item>
/// <item>the handler threw: HTTP 500 <c>{"returnCode":"FAIL",…}</c>, so that Binance delivers the event again.</item>
/// </list>
/// Deliveries are at least once: make the handler idempotent (for example keyed by <c>bizIdStr</c> and
/// <c>bizStatus</c>).
/// </summary>
public static class BinancePayWebhookEndpoint
{
    /// <summary>Largest webhook body read; larger ones are refused with 413.</summary>
    public const int BodyBytesMax = 1024 * 1024;

    /// <summary>Maps <c>POST <paramref name="pattern"/></c> to a webhook handler.</summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, for example <c>/webhooks/binance-pay</c>.</param>
    /// <param name="handler">Runs for each verified event.</param>
    public static RouteHandlerBuilder MapBinancePayWebhook(this IEndpointRouteBuilder endpoints, string pattern,
        Func<WebhookEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapBinancePayWebhook(pattern, (e, context) => handler(e, context.RequestAborted));
    }

    /// <summary>Maps <c>POST <paramref name="pattern"/></c> to a webhook handler that also gets the
    /// <see cref="HttpContext"/> (for its <c>RequestServices</c>).</summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, for example <c>/webhooks/binance-pay</c>.</param>
    /// <param name="handler">Runs for each verified event.</param>
    public static RouteHandlerBuilder MapBinancePayWebhook(this IEndpointRouteBuilder endpoints, string pattern,
        Func<WebhookEvent, HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapPost(pattern, (Delegate)((HttpContext context) => HandleAsync(context, handler)));
    }

    private static async Task HandleAsync(HttpContext context, Func<WebhookEvent, HttpContext, Task> handler)
    {
        var verifier = context.RequestServices.GetService<WebhookVerifier>()
            ?? throw new InvalidOperationException(
                "No WebhookVerifier is registered: call services.AddCitrineClient(...) or register one.");
        var body = await WebhookBody.ReadAsync(context.Request, BodyBytesMax, context.RequestAborted)
            .ConfigureAwait(false);
        if (body is null)
        {
            await WebhookAnswer.FailAsync(context, StatusCodes.Status413PayloadTooLarge, "body too large")
                .ConfigureAwait(false);
            return;
        }

        var headers = context.Request.Headers;
        WebhookEvent webhook;
        try
        {
            webhook = await verifier.VerifyAsync(body, new WebhookHeaders(headers[BinancePayHeaders.Timestamp],
                headers[BinancePayHeaders.Nonce], headers[BinancePayHeaders.Signature],
                headers[BinancePayHeaders.CertificateSn]), context.RequestAborted).ConfigureAwait(false);
        }
        catch (WebhookVerificationException e)
        {
            Logger(context).LogWarning("Binance Pay webhook refused: {Reason}", e.Reason);
            await WebhookAnswer.FailAsync(context, StatusCodes.Status400BadRequest, e.Reason.ToString())
                .ConfigureAwait(false);
            return;
        }

        try
        {
            await handler(webhook, context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            Logger(context).LogError(e, "Binance Pay webhook handler failed for {BizType} {BizId} {BizStatus}",
                webhook.BizType, webhook.BizId, webhook.BizStatus);
            await WebhookAnswer.FailAsync(context, StatusCodes.Status500InternalServerError, "handler failed")
                .ConfigureAwait(false);
            return;
        }

        await WebhookAnswer.SuccessAsync(context).ConfigureAwait(false);
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Citrine.Client.Webhooks");
}

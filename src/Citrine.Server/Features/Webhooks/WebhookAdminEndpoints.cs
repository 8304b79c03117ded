using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Server.Features.Admin;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Webhooks;

/// <summary>
/// Admin API of webhooks (Citrine-only): a merchant's events, one event with its delivery log, manual redelivery,
/// and the signing certificates with rotation.
/// </summary>
internal static class WebhookAdminEndpoints
{
    /// <summary>Largest page of events.</summary>
    public const int PageMax = 200;

    public static readonly EndpointDeclaration Redeliver = AdminEndpoints.Declare("/admin/events/{eventId:long}/redeliver",
        typeof(WebhookEventDetail), Shape.Empty, async (long eventId, IWebhookStore store, RetrySchedule schedule,
            TimeProvider time, CancellationToken ct) =>
            await store.RedeliverAsync(eventId, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false)
                ? await DetailAsync(eventId, store, schedule, ct).ConfigureAwait(false)
                : NotFound(eventId)) with
    {
        Summary = "Deliver a webhook event again",
        Example = "{}",
        Codes = [DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    public static readonly EndpointDeclaration RotateCertificates = AdminEndpoints.Declare(
        "/admin/certificates/rotate", typeof(List<CertificateView>), Shape.Empty,
        async (WebhookKeyRing keys, CancellationToken ct) =>
            BinanceEnvelope.Ok(View(await keys.RotateAsync(ct).ConfigureAwait(false)))) with
    {
        Summary = "Rotate the webhook signing key",
        Example = "{}",
        Codes = [],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Redeliver, RotateCertificates];

    /// <summary>The webhook reads (GET) of the admin group; writes are the declarations.</summary>
    public static void MapReads(RouteGroupBuilder admin)
    {
        admin.MapGet("/merchants/{merchantId:long}/events", async (long merchantId, long? beforeEventId, int? limit,
            IWebhookStore store, RetrySchedule schedule, CancellationToken ct) =>
        {
            var events = await store.ListNewestAsync(merchantId, beforeEventId ?? long.MaxValue,
                Math.Clamp(limit ?? 50, 1, PageMax), ct).ConfigureAwait(false);
            return BinanceEnvelope.Ok(events.Select(e => WebhookEventView.From(e, schedule)).ToList());
        });
        admin.MapGet("/events/{eventId:long}", (long eventId, IWebhookStore store, RetrySchedule schedule,
            CancellationToken ct) => DetailAsync(eventId, store, schedule, ct));
        admin.MapGet("/certificates", async (WebhookKeyRing keys, CancellationToken ct) =>
            BinanceEnvelope.Ok(View(await keys.ListedAsync(ct).ConfigureAwait(false))));
    }

    internal static async Task<IResult> DetailAsync(long eventId, IWebhookStore store, RetrySchedule schedule,
        CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return NotFound(eventId);
        }

        var attempts = await store.ListAttemptsAsync(eventId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(WebhookEventDetail.From(found, attempts, schedule));
    }

    private static List<CertificateView> View(IReadOnlyList<WebhookKeyRecord> keys) =>
        keys.Select(k => new CertificateView(k.CertSerial, k.PublicPem, k.CreatedAtMs, k.RetiredAtMs)).ToList();

    private static BinanceEnvelope NotFound(long eventId) =>
        BinanceEnvelope.Fail(ResultCodes.InvalidRequest, $"webhook event {eventId} not found", 404);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Admin;

/// <summary>
/// Citrine-only administration under <c>/admin</c> (not part of Binance), protected by the admin token
/// (<c>Authorization: Bearer …</c>). Answers use the same envelope as the merchant API.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetService(typeof(AdminToken)) is AdminToken token
            && token.Matches(context.HttpContext.Request.Headers.Authorization)
                ? await next(context).ConfigureAwait(false)
                : BinanceEnvelope.Fail(ResultCodes.InvalidApiKeyOrIp, "admin token missing or wrong", 401));

        admin.MapPost("/merchants", CreateMerchantAsync);
        admin.MapGet("/merchants", async (IMerchantStore store, CancellationToken ct) =>
            BinanceEnvelope.Ok(await store.ListMerchantsAsync(ct).ConfigureAwait(false)));
        admin.MapGet("/merchants/{merchantId:long}", async (long merchantId, IMerchantStore store, CancellationToken ct) =>
            await store.GetMerchantAsync(merchantId, ct).ConfigureAwait(false) is { } merchant
                ? BinanceEnvelope.Ok(merchant)
                : NotFound(merchantId));
        admin.MapPost("/merchants/{merchantId:long}", UpdateMerchantAsync);
        admin.MapPost("/merchants/{merchantId:long}/keys", async (long merchantId, MerchantAdmin merchants,
            CancellationToken ct) => await merchants.CreateApiKeyAsync(merchantId, ct).ConfigureAwait(false) is { } key
            ? BinanceEnvelope.Ok(key)
            : NotFound(merchantId));
        admin.MapPost("/keys/{apiKey}/revoke", async (string apiKey, MerchantAdmin merchants, CancellationToken ct) =>
            await merchants.RevokeApiKeyAsync(apiKey, ct).ConfigureAwait(false)
                ? BinanceEnvelope.Ok(true)
                : BinanceEnvelope.Fail(ResultCodes.InvalidApiKeyOrIp, "apiKey: no such live key"));
    }

    private static async Task<IResult> CreateMerchantAsync(HttpContext context, MerchantAdmin merchants,
        CancellationToken cancellationToken)
    {
        var body = await ReadAsync<CreateMerchantBody>(context).ConfigureAwait(false);
        if (body is null || string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 128)
        {
            return BinanceEnvelope.Fail(ResultCodes.MandatoryParamEmptyOrMalformed, "name: 1 to 128 characters");
        }

        if (HasNul(body.Name) || HasNul(body.WebhookUrl))
        {
            return NulRefused();
        }

        var merchant = await merchants.CreateMerchantAsync(body.Name, body.WebhookUrl, cancellationToken)
            .ConfigureAwait(false);
        var key = await merchants.CreateApiKeyAsync(merchant.MerchantId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new CreatedMerchant(merchant, key!.ApiKey, key.ApiSecret));
    }

    private static async Task<IResult> UpdateMerchantAsync(long merchantId, HttpContext context, IMerchantStore store,
        CancellationToken cancellationToken)
    {
        var body = await ReadAsync<UpdateMerchantBody>(context).ConfigureAwait(false);
        if (body is null || body.Status is not (null or Merchant.Active or Merchant.Disabled))
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue, "status: ACTIVE or DISABLED");
        }

        if (HasNul(body.WebhookUrl))
        {
            return NulRefused();
        }

        return await store.UpdateMerchantAsync(merchantId, body.Status, body.WebhookUrl, body.DirectDebitEnabled,
            cancellationToken).ConfigureAwait(false)
            ? BinanceEnvelope.Ok(await store.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false))
            : NotFound(merchantId);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, JsonSerializerOptions.Web,
                context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // PostgreSQL TEXT cannot hold NUL: refused here, or the insert would fail with HTTP 500.
    private static bool HasNul(string? text) => text?.Contains('\0', StringComparison.Ordinal) == true;

    private static BinanceEnvelope NulRefused() =>
        BinanceEnvelope.Fail(ResultCodes.InvalidParamIllegalChar, "name, webhookUrl: must not contain NUL characters");

    private static BinanceEnvelope NotFound(long merchantId) =>
        BinanceEnvelope.Fail(ResultCodes.InvalidRequest, $"merchant {merchantId} not found", 404);

    private sealed record CreateMerchantBody(string? Name, string? WebhookUrl);

    private sealed record UpdateMerchantBody(string? Status, string? WebhookUrl, bool? DirectDebitEnabled);

    internal sealed record CreatedMerchant(
        [property: JsonPropertyName("merchant")] Merchant Merchant,
        [property: JsonPropertyName("apiKey")] string ApiKey,
        [property: JsonPropertyName("apiSecret")] string ApiSecret);
}

using System.Text.Json.Serialization;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Admin;

/// <summary>
/// Citrine-only administration under <c>/admin</c> (not part of Binance), protected by the admin token
/// (<c>Authorization: Bearer …</c>). Answers use the same envelope as the merchant API; bodies go through the same
/// ingress.
/// </summary>
internal static class AdminEndpoints
{
    private const int NameMax = 128;

    private static readonly Field Name = Text("name", required: true, int.MaxValue)
        .Check<string>(ResultCodes.MandatoryParamEmptyOrMalformed, $"1 to {NameMax} characters",
            name => !string.IsNullOrWhiteSpace(name) && name.Length <= NameMax);

    private static readonly Field WebhookUrl = Text("webhookUrl", required: false, int.MaxValue);
    private static readonly Field Status = Enum("status", required: false, [Merchant.Active, Merchant.Disabled]);
    private static readonly Field DirectDebitEnabled = Boolean("directDebitEnabled", required: false);
    private static readonly Field ConvertEnabled = Boolean("convertEnabled", required: false);
    private static readonly Field AcceptsSplits = Boolean("acceptsSplits", required: false);

    /// <summary>An unknown merchantId in the path: 400001 with HTTP 404.</summary>
    private static readonly DeclaredCode MerchantNotFound = DeclaredCode.NotFound(ResultCodes.InvalidRequest);

    public static readonly EndpointDeclaration CreateMerchant = Declare("/admin/merchants", typeof(CreatedMerchant),
        Shape.Of(Name, WebhookUrl), CreateMerchantAsync) with
    {
        Summary = "Create a merchant with its first API key",
        Example = """{"name":"Ice Cream Shop","webhookUrl":"https://shop.example/binancepay/webhook"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration UpdateMerchant = Declare("/admin/merchants/{merchantId:long}",
        typeof(Merchant), Shape.Of(Status, WebhookUrl, DirectDebitEnabled, ConvertEnabled, AcceptsSplits),
        UpdateMerchantAsync) with
    {
        Summary = "Update a merchant's status, webhook URL, direct-debit or convert access, or whether it accepts splits",
        Example = """{"status":"ACTIVE","directDebitEnabled":true}""",
        Codes = [MerchantNotFound],
    };

    public static readonly EndpointDeclaration CreateKey = Declare("/admin/merchants/{merchantId:long}/keys",
        typeof(CreatedApiKey), Shape.Empty, async (long merchantId, MerchantAdmin merchants, CancellationToken ct) =>
            await merchants.CreateApiKeyAsync(merchantId, ct).ConfigureAwait(false) is { } key
                ? BinanceEnvelope.Ok(key)
                : NotFound(merchantId)) with
    {
        Summary = "Create another API key for a merchant",
        Example = "{}",
        Codes = [MerchantNotFound],
    };

    public static readonly EndpointDeclaration RevokeKey = Declare("/admin/keys/{apiKey}/revoke", typeof(bool),
        Shape.Empty, async (string apiKey, MerchantAdmin merchants, CancellationToken ct) =>
            await merchants.RevokeApiKeyAsync(apiKey, ct).ConfigureAwait(false)
                ? BinanceEnvelope.Ok(true)
                : BinanceEnvelope.Fail(ResultCodes.InvalidApiKeyOrIp, "apiKey: no such live key")) with
    {
        Summary = "Revoke an API key",
        Example = "{}",
        Codes = [ResultCodes.InvalidApiKeyOrIp],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } =
        [CreateMerchant, UpdateMerchant, CreateKey, RevokeKey];

    /// <summary>An admin endpoint with a JSON body (an empty body reads as <c>{}</c>).</summary>
    public static EndpointDeclaration Declare(string path, Type response, Shape request, Delegate handler) => new()
    {
        Path = path,
        Auth = AuthPolicy.AdminToken,
        Response = response,
        Request = request,
        AllowEmptyBody = true,
        Handler = handler,
    };

    /// <summary>The admin reads (GET); writes are the declarations.</summary>
    public static void MapReads(RouteGroupBuilder admin)
    {
        admin.MapGet("/merchants", async (IMerchantStore store, CancellationToken ct) =>
            BinanceEnvelope.Ok(await store.ListMerchantsAsync(ct).ConfigureAwait(false)));
        admin.MapGet("/merchants/{merchantId:long}", async (long merchantId, IMerchantStore store, CancellationToken ct) =>
            await store.GetMerchantAsync(merchantId, ct).ConfigureAwait(false) is { } merchant
                ? BinanceEnvelope.Ok(merchant)
                : NotFound(merchantId));
        admin.MapGet("/merchants/{merchantId:long}/keys", async (long merchantId, IMerchantStore store,
                CancellationToken ct) =>
            await store.GetMerchantAsync(merchantId, ct).ConfigureAwait(false) is null
                ? NotFound(merchantId)
                : BinanceEnvelope.Ok(await store.ListApiKeysAsync(merchantId, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> CreateMerchantAsync(Inbound request, MerchantAdmin merchants,
        CancellationToken cancellationToken)
    {
        var merchant = await merchants.CreateMerchantAsync(request.Fields.Text(Name)!,
            request.Fields.Text(WebhookUrl), cancellationToken).ConfigureAwait(false);
        var key = await merchants.CreateApiKeyAsync(merchant.MerchantId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new CreatedMerchant(merchant, key!.ApiKey, key.ApiSecret));
    }

    private static async Task<IResult> UpdateMerchantAsync(long merchantId, Inbound request, IMerchantStore store,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        return await store.UpdateMerchantAsync(merchantId, f.Text(Status), f.Text(WebhookUrl),
            f.Flag(DirectDebitEnabled), cancellationToken).ConfigureAwait(false)
            && (f.Flag(ConvertEnabled) is not { } convert
                || await store.SetConvertEnabledAsync(merchantId, convert, cancellationToken).ConfigureAwait(false))
            && (f.Flag(AcceptsSplits) is not { } accepts
                || await store.SetAcceptsSplitsAsync(merchantId, accepts, cancellationToken).ConfigureAwait(false))
            ? BinanceEnvelope.Ok(await store.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false))
            : NotFound(merchantId);
    }

    private static BinanceEnvelope NotFound(long merchantId) =>
        BinanceEnvelope.Fail(ResultCodes.InvalidRequest, $"merchant {merchantId} not found", 404);

    internal sealed record CreatedMerchant(
        [property: JsonPropertyName("merchant")] Merchant Merchant,
        [property: JsonPropertyName("apiKey")] string ApiKey,
        [property: JsonPropertyName("apiSecret")] string ApiSecret);
}

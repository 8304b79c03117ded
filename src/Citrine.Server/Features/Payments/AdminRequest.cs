using System.Text.Json;
using Citrine.Application;
using Citrine.Contracts;
using Citrine.Server.Features.Admin;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Payments;

/// <summary>Admin-token requests with a JSON object body (empty body = <c>{}</c>), as the buyer and sandbox
/// endpoints take them.</summary>
internal static class AdminRequest
{
    public static bool IsAdmin(HttpContext context) =>
        context.RequestServices.GetRequiredService<AdminToken>().Matches(context.Request.Headers.Authorization);

    public static BinanceEnvelope Unauthorized() =>
        BinanceEnvelope.Fail(ResultCodes.InvalidApiKeyOrIp, "admin token missing or wrong", 401);

    /// <summary>Runs <paramref name="handler"/> on the body parsed as one JSON object, mapping field errors to the
    /// envelope; answers 400104 / 400008 for bodies that are too large or not an object.</summary>
    public static async Task<IResult> WithBodyAsync(HttpContext context, Func<JsonElement, Task<IResult>> handler)
    {
        var options = context.RequestServices.GetRequiredService<CitrineOptions>();
        var body = await RawBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted)
            .ConfigureAwait(false);
        if (body is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequestTooLarge, "request body: too large");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Value.Length == 0 ? "{}"u8.ToArray() : body.Value);
        }
        catch (JsonException)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequestBody, "request body: not a valid JSON object");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BinanceEnvelope.Fail(ResultCodes.InvalidRequestBody, "request body: must be a JSON object");
            }

            try
            {
                return await handler(document.RootElement).ConfigureAwait(false);
            }
            catch (FieldException e)
            {
                return BinanceEnvelope.Fail(e.Code, e.Message);
            }
        }
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Citrine.Application;
using Citrine.Application.Auth;
using Citrine.Contracts;
using Citrine.Contracts.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Http;

/// <summary>
/// The merchant API request path, in the order Citrine checks it: media type (400007), body size (400104),
/// authentication (400005, 400004, 400203, 400003, 400001 nonce, 400002), then the body must be UTF-8 holding one
/// JSON object (400008; duplicate keys 400001), then the feature's own field rules. Wrong methods are answered 400006 by the
/// status-code hook. See docs/compatibility.md, "Order of checks".
/// </summary>
internal static class SignedEndpoint
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
    };

    /// <summary>
    /// Maps a signed endpoint. <paramref name="allowEmptyBody"/> (Query Certificate only,
    /// docs/api-reference.md#query-certificate) also accepts an empty body (signed as <c>ts\nnonce\n\n</c>,
    /// Content-Type optional) and the body <c>null</c>, both read as <c>{}</c>.
    /// </summary>
    public static RouteHandlerBuilder MapSigned(this IEndpointRouteBuilder routes, string path,
        Func<SignedRequest, HttpContext, Task<IResult>> handler, bool allowEmptyBody = false) =>
        routes.MapPost(path, (Delegate)((HttpContext context) => HandleAsync(context, handler, allowEmptyBody)));

    private static async Task<IResult> HandleAsync(HttpContext context,
        Func<SignedRequest, HttpContext, Task<IResult>> handler, bool allowEmptyBody)
    {
        if (!IsJson(context.Request.ContentType) && !(allowEmptyBody && context.Request.ContentType is null))
        {
            return BinanceEnvelope.Fail(ResultCodes.MediaTypeNotSupported,
                "Content-Type: must be application/json (optionally ;charset=utf-8)");
        }

        var options = context.RequestServices.GetRequiredService<CitrineOptions>();
        var body = await RawBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted)
            .ConfigureAwait(false);
        if (body is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequestTooLarge, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"request body: at most {options.MaxRequestBodyBytes} bytes"));
        }

        var headers = context.Request.Headers;
        var auth = await context.RequestServices.GetRequiredService<RequestAuthenticator>().AuthenticateAsync(
            new SignedRequestHeaders(headers[BinancePayHeaders.Timestamp], headers[BinancePayHeaders.Nonce],
                headers[BinancePayHeaders.CertificateSn], headers[BinancePayHeaders.Signature]),
            body.Value, context.RequestAborted).ConfigureAwait(false);
        if (!auth.IsSuccess)
        {
            return BinanceEnvelope.Fail(auth.Code, auth.Message);
        }

        // JSON text is UTF-8 (RFC 8259 §8.1). The parser does not check the bytes inside strings until they are read,
        // so invalid UTF-8 is refused here, before any field is read.
        if (!System.Text.Unicode.Utf8.IsValid(body.Value.Span))
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequestBody, "request body: not valid UTF-8");
        }

        var json = allowEmptyBody && IsEmptyOrNull(body.Value.Span) ? "{}"u8.ToArray() : body.Value;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e) when (e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest, "request body: duplicate property names");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
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
                return await handler(new SignedRequest(auth.Value!, document.RootElement), context)
                    .ConfigureAwait(false);
            }
            catch (FieldException e)
            {
                return BinanceEnvelope.Fail(e.Code, e.Message);
            }
        }
    }

    private static bool IsEmptyOrNull(ReadOnlySpan<byte> body)
    {
        var trimmed = body.Trim(" \t\r\n"u8);
        return trimmed.IsEmpty || trimmed.SequenceEqual("null"u8);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.CharSet is null || string.Equals(parsed.CharSet.Trim('"'), Encoding.UTF8.WebName,
            StringComparison.OrdinalIgnoreCase));
}

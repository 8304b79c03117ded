using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Citrine.Application;
using Citrine.Contracts;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Http.Ingress;

/// <summary>
/// The one reader of JSON request bodies, for the merchant API, the sandbox and the admin API alike: media type
/// (400007), size cap (400104), then — after the caller is authenticated, since signatures cover the raw bytes —
/// UTF-8 (400008), duplicate keys (400001), nesting depth and syntax (400008), one JSON object (400008). Unpaired
/// surrogates inside strings are refused field by field (400103) by the declaration reader.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 32,
    };

    public static Failure? CheckMediaType(HttpRequest request, bool allowEmptyBody) =>
        IsJson(request.ContentType) || (allowEmptyBody && request.ContentType is null)
            ? null
            : new Failure(ResultCodes.MediaTypeNotSupported,
                "Content-Type: must be application/json (optionally ;charset=utf-8)");

    /// <summary>The raw bytes, at most <paramref name="maxBytes"/>.</summary>
    public static async Task<Result<ReadOnlyMemory<byte>>> ReadRawAsync(HttpRequest request, int maxBytes,
        CancellationToken cancellationToken)
    {
        var body = await RawBody.ReadAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return body is { } bytes
            ? Result<ReadOnlyMemory<byte>>.Ok(bytes)
            : Result<ReadOnlyMemory<byte>>.Fail(ResultCodes.InvalidRequestTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"request body: at most {maxBytes} bytes"));
    }

    /// <summary>Parses the bytes as one JSON object; the caller disposes the document.</summary>
    public static Result<JsonDocument> Parse(ReadOnlyMemory<byte> body, bool allowEmptyBody)
    {
        // JSON text is UTF-8 (RFC 8259 §8.1). The parser does not check the bytes inside strings until they are read,
        // so invalid UTF-8 is refused here, before any field is read.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return Result<JsonDocument>.Fail(ResultCodes.InvalidRequestBody, "request body: not valid UTF-8");
        }

        var json = allowEmptyBody && IsEmptyOrNull(body.Span) ? "{}"u8.ToArray() : body;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e) when (e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return Result<JsonDocument>.Fail(ResultCodes.InvalidRequest, "request body: duplicate property names");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return Result<JsonDocument>.Fail(ResultCodes.InvalidRequestBody, "request body: not a valid JSON object");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return Result<JsonDocument>.Fail(ResultCodes.InvalidRequestBody, "request body: must be a JSON object");
        }

        return Result<JsonDocument>.Ok(document);
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

using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The documented receiver answers (docs/api-reference.md#webhook-reply-and-retries), <c>returnMessage</c>
/// always present.</summary>
internal static class WebhookAnswer
{
    private const string Success = """{"returnCode":"SUCCESS","returnMessage":null}""";

    public static Task SuccessAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, Success);

    public static Task FailAsync(HttpContext context, int httpStatus, string message) =>
        WriteAsync(context, httpStatus,
            $$"""{"returnCode":"FAIL","returnMessage":{{JsonSerializer.Serialize(message)}}}""");

    private static Task WriteAsync(HttpContext context, int httpStatus, string json)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}

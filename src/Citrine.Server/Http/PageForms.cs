using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Citrine.Server.Http;

/// <summary>
/// Reading the HTML forms the server-rendered pages post (checkout, contract signing, the partner consent pages, the
/// dashboard): bounded before anything is buffered, and a body that is not a readable form reads as no form, which
/// each page answers with its 400 page.
/// </summary>
internal static class PageForms
{
    /// <summary>The limits of the pages whose forms hold a few short fields.</summary>
    public static FormOptions Small { get; } = new()
    {
        BufferBodyLengthLimit = 4096,
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = 256,
        MultipartBodyLengthLimit = 4096,
    };

    /// <summary>The form under <paramref name="limits"/>, or null when the body is not a form, is malformed or is
    /// over a limit.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context, FormOptions limits)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await new FormFeature(context.Request, limits).ReadFormAsync(context.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Malformed multipart (no or unterminated boundary, truncated sections) and bodies over the limits; a
            // Kestrel BadHttpRequestException is an IOException too.
            return null;
        }
    }
}

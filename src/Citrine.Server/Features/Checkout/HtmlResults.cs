using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Checkout;

/// <summary>
/// Responses of the hosted checkout. Pages carry a strict Content-Security-Policy (nothing loads from elsewhere;
/// the one inline script and stylesheet run by nonce), are never framed or cached, and send no Referer, so the
/// checkout code in the URL does not leak to the merchant's <c>returnUrl</c> or anywhere else.
/// </summary>
internal static class HtmlResults
{
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static IResult Page(string html, string nonce, int statusCode = StatusCodes.Status200OK) =>
        new PageResult(html, nonce, statusCode);

    /// <summary>303 See Other: after a POST, the browser follows with a GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class PageResult(string html, string nonce, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            var headers = response.Headers;
            headers.ContentSecurityPolicy =
                $"default-src 'none'; img-src 'self'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; " +
                "base-uri 'none'; frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        /// <summary>
        /// A location HTTP can carry. Merchant URLs are stored in ASCII (Http/AsciiUrl.cs), but one stored before
        /// that, which has no ASCII form, must not fail the redirect after a committed payment: it goes back to the
        /// page the form was posted from (<c>/checkout/{code}/pay</c> → <c>/checkout/{code}</c>).
        /// </summary>
        private static string Safe(string location, PathString posted)
        {
            if (location.StartsWith('/') && Http.AsciiUrl.IsPrintableAscii(location))
            {
                return location;
            }

            var path = posted.Value ?? "/";
            return Http.AsciiUrl.Normalize(location) ?? path[..Math.Max(1, path.LastIndexOf('/'))];
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = Safe(location, httpContext.Request.Path);
            httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

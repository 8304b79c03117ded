using System.Globalization;
using Citrine.Contracts;

namespace Citrine.Client;

/// <summary>
/// The service answered with a Binance Pay envelope that is not a success: <c>{"status":"FAIL","code":…,
/// "errorMessage":"…"}</c> (or the gateway's <c>{"status":"ERROR","code":"100001001","errorData":"…"}</c>). Transport
/// failures are not this type: they stay <see cref="HttpRequestException"/>, <see cref="TimeoutException"/> and
/// <see cref="TaskCanceledException"/>.
/// </summary>
public sealed class CitrineApiException : Exception
{
    /// <summary>Creates the exception from the parts of an answer.</summary>
    /// <param name="code">The <c>code</c> of the envelope, as sent.</param>
    /// <param name="errorMessage">The <c>errorMessage</c>, or null when absent, null or empty.</param>
    /// <param name="httpStatus">The HTTP status of the answer.</param>
    /// <param name="rawBody">The answer's body, as received.</param>
    /// <param name="status">The <c>status</c> of the envelope (<c>FAIL</c>, <c>ERROR</c>).</param>
    public CitrineApiException(string code, string? errorMessage, int httpStatus, string rawBody, string? status)
        : base(Describe(code, errorMessage, httpStatus))
    {
        Code = code;
        ResultCode = ResultCodes.Find(code);
        ErrorMessage = errorMessage;
        HttpStatus = httpStatus;
        RawBody = rawBody;
        Status = status;
    }

    /// <summary>The result code exactly as the service sent it, known to this SDK or not (e.g. <c>400201</c>).</summary>
    public string Code { get; }

    /// <summary>The catalog entry of <see cref="Code"/>; null for a code this SDK does not know (a newer one).</summary>
    public ResultCode? ResultCode { get; }

    /// <summary>The documented name of the code (<c>INVALID_MERCHANT_TRADE_NO</c>), or null when unknown.</summary>
    public string? CodeName => ResultCode?.Name;

    /// <summary>The service's <c>errorMessage</c> (null when it was absent, null or empty).</summary>
    public string? ErrorMessage { get; }

    /// <summary>The HTTP status code of the answer.</summary>
    public int HttpStatus { get; }

    /// <summary>The raw answer body, for logs and support requests.</summary>
    public string RawBody { get; }

    /// <summary>The envelope's <c>status</c> (<c>FAIL</c>, or <c>ERROR</c> for gateway errors), if any.</summary>
    public string? Status { get; }

    private static string Describe(string code, string? errorMessage, int httpStatus)
    {
        var name = ResultCodes.Find(code)?.Name ?? "UNKNOWN_CODE";
        return string.Create(CultureInfo.InvariantCulture,
            $"{code} {name}: {errorMessage ?? ResultCodes.Find(code)?.Reason ?? "no message"} (HTTP {httpStatus})");
    }
}

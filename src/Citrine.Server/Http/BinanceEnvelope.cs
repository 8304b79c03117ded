using System.Text.Json;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Http;

/// <summary>
/// The one writer of answers: every response, framework failures included, is <c>{status, code, data, errorMessage}</c>
/// with the HTTP status of its result code (docs/decisions.md#http-status). All four keys are always present.
/// </summary>
internal sealed class BinanceEnvelope : IResult
{
    private readonly ResultCode _code;
    private readonly object? _data;
    private readonly Type? _dataType;
    private readonly string? _errorMessage;
    private readonly int? _httpStatus;
    private int? _retryAfterSeconds;

    private BinanceEnvelope(ResultCode code, object? data, Type? dataType, string? errorMessage, int? httpStatus)
    {
        _code = code;
        _data = data;
        _dataType = dataType;
        _errorMessage = errorMessage;
        _httpStatus = httpStatus;
    }

    public static BinanceEnvelope Ok<T>(T data) => new(ResultCodes.Success, data, typeof(T), null, null);

    /// <summary>The replay answer: the stored result under <c>REPEAT_REQ_SUCCESS</c>/<c>000001</c> with an empty
    /// <c>errorMessage</c>, as Binance's sample shows (docs/compatibility.md#wallets).</summary>
    public static BinanceEnvelope Repeat<T>(T data) => new(ResultCodes.RepeatRequestSuccess, data, typeof(T), "", null);

    public static BinanceEnvelope Fail(ResultCode code, string? message, int? httpStatus = null) =>
        new(code, null, null, Truncate(message ?? code.Reason), httpStatus);

    /// <summary>A refusal of work not done: <c>409901</c> (HTTP 429) or <c>409902</c> (HTTP 503) with a
    /// <c>Retry-After</c> of <paramref name="retryAfterSeconds"/> (docs/compatibility.md#backpressure).</summary>
    public static BinanceEnvelope RetryLater(ResultCode code, string message, int retryAfterSeconds) =>
        new(code, null, null, Truncate(message), null) { _retryAfterSeconds = Math.Max(1, retryAfterSeconds) };

    public static BinanceEnvelope From<T, TData>(Application.Result<T> result, Func<T, TData> map) =>
        result.IsSuccess ? Ok(map(result.Value!)) : Fail(result.Code, result.Message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        if (Telemetry.RequestTrace.Of(httpContext) is { } trace)
        {
            trace.Code = _code.Code;
            trace.Message = _errorMessage;
        }

        if (!_code.IsSuccess && _code != ResultCodes.RepeatRequestSuccess)
        {
            Logging.RequestLog.Refused(httpContext, _code.Code, _errorMessage);
        }

        var response = httpContext.Response;
        response.StatusCode = _httpStatus ?? _code.HttpStatus;
        response.ContentType = "application/json";
        if (_retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", _code.IsSuccess ? BinanceStatus.Success
            : _code == ResultCodes.RepeatRequestSuccess ? BinanceStatus.RepeatRequestSuccess : BinanceStatus.Fail);
        writer.WriteString("code", _code.Code);
        writer.WritePropertyName("data");
        if (_data is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, _data, _dataType!, WireJson.Options);
        }

        if (_errorMessage is null)
        {
            writer.WriteNull("errorMessage");
        }
        else
        {
            writer.WriteString("errorMessage", _errorMessage);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }

    // The documented errorMessage limit is 256 characters.
    private static string Truncate(string message) => message.Length <= 256 ? message : message[..256];
}

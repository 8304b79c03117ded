using Citrine.Application.Backpressure;
using Citrine.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Http;

/// <summary>
/// Turns framework failures into the Binance envelope: unknown routes, wrong methods, bad HTTP requests and
/// unhandled exceptions. Never ProblemDetails, never a stack trace (docs/decisions.md#http-status).
/// </summary>
internal static class ErrorEnvelopes
{
    public static void UseBinanceErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var envelope = error switch
                {
                    BadHttpRequestException bad => BinanceEnvelope.Fail(
                        bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                            ? ResultCodes.InvalidRequestTooLarge
                            : ResultCodes.InvalidRequest, "malformed HTTP request"),
                    // Refused before anything was written: the documented busy and unavailable answers
                    // (docs/compatibility.md#backpressure), never the unknown error that means "maybe done".
                    ServerBusyException => BinanceEnvelope.RetryLater(ResultCodes.TooManyRequests,
                        "The server is busy; nothing was processed, retry later.", Backpressure.BusyRetryAfterSeconds),
                    StorageUnavailableException => BinanceEnvelope.RetryLater(ResultCodes.ServiceUnavailable,
                        "The database is unavailable; nothing was processed, retry later.",
                        Backpressure.UnavailableRetryAfterSeconds),
                    _ => BinanceEnvelope.Fail(ResultCodes.UnknownError, "An unknown error occurred; try again later."),
                };
                if (error is StorageUnavailableException)
                {
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Citrine.Errors")
                        .LogWarning("Database unavailable on {Path}: {Reason}", context.Request.Path, error.Message);
                }
                else if (error is not BadHttpRequestException and not ServerBusyException)
                {
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Citrine.Errors")
                        .LogError(error, "Unhandled exception on {Path}", context.Request.Path);
                }

                await envelope.ExecuteAsync(context).ConfigureAwait(false);
            },
        });

        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            var envelope = context.Response.StatusCode switch
            {
                StatusCodes.Status405MethodNotAllowed => BinanceEnvelope.Fail(ResultCodes.BadHttpMethod,
                    $"{context.Request.Method}: not supported, use POST"),
                StatusCodes.Status415UnsupportedMediaType => BinanceEnvelope.Fail(ResultCodes.MediaTypeNotSupported,
                    null),
                StatusCodes.Status413PayloadTooLarge => BinanceEnvelope.Fail(ResultCodes.InvalidRequestTooLarge, null),
                StatusCodes.Status404NotFound => BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                    $"{context.Request.Path}: no such endpoint", StatusCodes.Status404NotFound),
                var other => BinanceEnvelope.Fail(other >= 500 ? ResultCodes.UnknownError : ResultCodes.InvalidRequest,
                    null, other),
            };
            await envelope.ExecuteAsync(context).ConfigureAwait(false);
        });
    }
}

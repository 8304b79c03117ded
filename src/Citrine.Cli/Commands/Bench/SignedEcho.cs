using System.Globalization;
using System.Text.Json;
using Citrine.Contracts;
using Citrine.Contracts.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// The <c>--baseline</c> ceiling: a Kestrel app on 127.0.0.1:0 that does what every signed request costs before any
/// storage — reads the body, checks the timestamp window, verifies the HMAC-SHA512 signature with
/// <see cref="RequestSigner.Verify"/> (the server's own check), parses the body as JSON — and answers a small
/// envelope. No storage, no nonce memory.
/// </summary>
internal sealed class SignedEcho : IAsyncDisposable
{
    private const long WindowMs = 1000;
    private readonly WebApplication _app;

    private SignedEcho(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<SignedEcho> StartAsync(string apiKey, string apiSecret, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var code = Check(context.Request.Headers, body.Span, apiKey, apiSecret);
            context.Response.StatusCode = code.HttpStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(code.IsSuccess
                ? $$"""{"status":"SUCCESS","code":"{{code.Code}}","data":{"echo":true},"errorMessage":null}"""
                : $$"""{"status":"FAIL","code":"{{code.Code}}","errorMessage":"refused by the signed echo"}""",
                context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new SignedEcho(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static ResultCode Check(IHeaderDictionary headers, ReadOnlySpan<byte> body, string apiKey, string apiSecret)
    {
        string? timestamp = headers[BinancePayHeaders.Timestamp];
        string? nonce = headers[BinancePayHeaders.Nonce];
        string? signature = headers[BinancePayHeaders.Signature];
        if (headers[BinancePayHeaders.CertificateSn] != apiKey || timestamp is null || !Nonce.IsValid(nonce)
            || signature is null)
        {
            return ResultCodes.InvalidSignature;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms) > WindowMs)
        {
            return ResultCodes.InvalidTimestamp;
        }

        if (!RequestSigner.Verify(apiSecret, timestamp, nonce!, body, signature))
        {
            return ResultCodes.InvalidSignature;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ResultCodes.Success : ResultCodes.InvalidRequestBody;
        }
        catch (JsonException)
        {
            return ResultCodes.InvalidRequestBody;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

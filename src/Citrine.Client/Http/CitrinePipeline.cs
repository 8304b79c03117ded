using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Citrine.Contracts.Json;
using Citrine.Contracts.Signing;

namespace Citrine.Client.Http;

/// <summary>
/// Sends one signed POST with retries. Every attempt is signed anew with a fresh timestamp and nonce: Binance accepts
/// a request only within a short window of its timestamp (docs/api-reference.md#timestamp-window) and Citrine refuses a
/// reused nonce, so a retry with the first attempt's headers would fail.
/// </summary>
internal sealed class CitrinePipeline
{
    private const long ResponseBytesMax = 4 * 1024 * 1024;

    // One pooled client for every CitrineClient that was not given its own (the documented HttpClient pattern);
    // connections are recycled so DNS changes are seen.
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static readonly ProductInfoHeaderValue UserAgent = new("Citrine.Client",
        typeof(CitrinePipeline).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly Uri _baseUri;
    private readonly CitrineCredential _credential;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly RetryPolicy _retry;
    private readonly string? _authorizationToken;

    public CitrinePipeline(Uri baseUri, CitrineCredential credential, CitrineClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelayMax, options.RetryDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.NetworkTimeout, TimeSpan.Zero);
        _authorizationToken = options.AuthorizationToken;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _credential = credential;
        _http = options.HttpClient ?? SharedHttp;
        _time = options.TimeProvider ?? TimeProvider.System;
        _timeout = options.NetworkTimeout;
        _retry = new RetryPolicy(options.MaxRetries, options.RetryDelay, options.RetryDelayMax);
    }

    public Uri BaseUri => _baseUri;

    /// <summary>Downloads a report file from its signed link (no request signature: the link carries its own) into
    /// <paramref name="destination"/>; a refused link (HTTP 403, 404) throws <see cref="HttpRequestException"/>.</summary>
    public async Task DownloadAsync(Uri link, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(link, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> (relative, no leading slash) and reads the
    /// envelope's data as <typeparamref name="T"/>.</summary>
    public async Task<ApiResponse<T>> PostAsync<T>(string path, object body, RetryKind kind,
        CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), WireJson.Options);
        var startedAt = _time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            Answer answer;
            try
            {
                answer = await SendOnceAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt <= _retry.MaxRetries && RetryPolicy.ShouldRetry(e, kind))
            {
                await DelayAsync(attempt + 1, null, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (TimeoutException) when (attempt <= _retry.MaxRetries && kind != RetryKind.Unkeyed)
            {
                await DelayAsync(attempt + 1, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt <= _retry.MaxRetries && RetryPolicy.ShouldRetry(answer.Status, kind))
            {
                await DelayAsync(attempt + 1, answer.RetryAfter, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return Complete<T>(answer, attempt, startedAt);
        }
    }

    private static ApiResponse<T> Complete<T>(Answer answer, int attempts, DateTimeOffset startedAt)
    {
        var envelope = Envelope.TryParse(answer.Body);
        if (envelope is null)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, string.Create(CultureInfo.InvariantCulture,
                $"HTTP {(int)answer.Status}: the answer is not a Binance Pay envelope."), null, answer.Status);
        }

        if (!envelope.IsSuccess)
        {
            return new ApiResponse<T>(default, envelope.ToException((int)answer.Status, answer.Body), attempts,
                startedAt);
        }

        try
        {
            return new ApiResponse<T>(envelope.ReadData<T>(), null, attempts, startedAt) { Status = envelope.Status };
        }
        catch (JsonException e)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse,
                $"The answer's data could not be read: {e.Message}", e, answer.Status);
        }
    }

    private async Task<Answer> SendOnceAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, path));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(BinancePayHeaders.Timestamp, timestamp);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.CertificateSn, _credential.ApiKey);
        request.Headers.Add(BinancePayHeaders.Signature, RequestSigner.Sign(_credential.ApiSecret, timestamp, nonce, body));
        if (_authorizationToken is not null)
        {
            request.Headers.Add(Contracts.Partners.PartnerNames.AuthorizationTokenHeader, _authorizationToken);
        }

        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCancellation.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
                attemptCancellation.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > ResponseBytesMax)
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The answer is too large.", null,
                    response.StatusCode);
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(attemptCancellation.Token).ConfigureAwait(false);
            return new Answer(response.StatusCode, bytes, response.Headers.RetryAfter);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"No answer from {_baseUri.Host} within {_timeout.TotalSeconds:0.###} s."), e);
        }
    }

    private Task DelayAsync(int nextAttempt, RetryConditionHeaderValue? retryAfter,
        CancellationToken cancellationToken) =>
        Task.Delay(_retry.DelayBefore(nextAttempt, retryAfter, _time.GetUtcNow()), _time, cancellationToken);

    private sealed record Answer(HttpStatusCode Status, byte[] Body, RetryConditionHeaderValue? RetryAfter);
}

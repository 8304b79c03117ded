using Citrine.Application.Sandbox;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Citrine.Application;
using Citrine.Application.Webhooks;

namespace Citrine.Server.Webhooks;

/// <summary>
/// Makes one delivery attempt: POSTs the signed body with the <c>BinancePay-*</c> headers, reads at most
/// <see cref="ResponseReadMaxBytes"/> of the answer within the attempt timeout, and classifies it with
/// <see cref="DeliveryOutcome"/>. Each attempt has its own <see cref="SocketsHttpHandler"/>, hence its own
/// connection, so the address the guard let it reach is known for certain when the answer's excerpt is stored
/// (<see cref="ExcerptPolicy"/>): no redirects, no proxy (a proxy would hide the destination from the connect-time
/// check), no cookies.
/// </summary>
public sealed class WebhookSender
{
    /// <summary>Most bytes of a receiver's answer read per attempt; the rest is never read.</summary>
    public const int ResponseReadMaxBytes = 4096;

    /// <summary>Most characters of the answer kept in the delivery log.</summary>
    public const int ResponseExcerptMaxChars = 512;

    private readonly CitrineOptions _options;
    private readonly DestinationGuard _guard;
    private readonly TimeProvider _time;

    public WebhookSender(CitrineOptions options, DestinationGuard guard, TimeProvider time)
    {
        _options = options;
        _guard = guard;
        _time = time;
    }

    /// <summary>Sends attempt <paramref name="attempt"/> of a claimed event; cancellation only when the node stops.</summary>
    public async Task<DeliveryAttempt> SendAsync(ClaimedEvent claim, SigningKey key, int attempt,
        CancellationToken stoppingToken)
    {
        var startedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var signed = SignedWebhook.Create(claim.Event, key,
            SandboxClock.WallClockOf(_time).GetUtcNow().ToUnixTimeMilliseconds());
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? excerpt = null;
        string? error = null;
        var delivered = false;
        try
        {
            if (!Uri.TryCreate(claim.Destination, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error = "webhook URL is not an absolute http or https URL";
            }
            else
            {
                (status, excerpt, delivered) = await PostAsync(uri, signed, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"timed out after {_options.WebhookTimeoutMs} ms");
        }
        catch (HttpRequestException e)
        {
            error = Describe(e);
        }
        catch (IOException e)
        {
            error = e.Message; // The connection broke while the answer was read.
        }

        return new DeliveryAttempt
        {
            EventId = claim.Event.EventId,
            Round = claim.Event.Redeliveries,
            Attempt = attempt,
            AttemptedAtMs = startedAtMs,
            Destination = claim.Destination!,
            HttpStatus = status,
            LatencyMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            ResponseExcerpt = excerpt,
            Error = error,
            Delivered = delivered,
            Timestamp = signed.Timestamp,
            Nonce = signed.Nonce,
            CertSerial = signed.CertSerial,
        };
    }

    private async Task<(int Status, string Excerpt, bool Delivered)> PostAsync(Uri uri, SignedWebhook signed,
        CancellationToken stoppingToken)
    {
        // Wall-clock timeout: it bounds network I/O, unlike retry times, which follow the server's clock.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.WebhookTimeoutMs);
        var connected = new ConnectedDestination();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = (context, ct) => _guard.ConnectAsync(context, connected, ct),
        })
        {
            // The attempt's own token enforces WebhookTimeoutMs.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(signed.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in signed.Headers())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        var body = await ReadCappedAsync(response, timeout.Token).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return (status, ExcerptPolicy.Apply(Excerpt(body), connected, _options), DeliveryOutcome.IsDelivered(status, body));
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[ResponseReadMaxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length
               && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    // Control characters are dropped so an excerpt can neither break a log line nor a PostgreSQL text value.
    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var builder = new StringBuilder(Math.Min(text.Length, ResponseExcerptMaxChars));
        foreach (var c in text)
        {
            if (builder.Length == ResponseExcerptMaxChars)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DestinationRefusedException refused)
            {
                return refused.Message;
            }
        }

        return e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
    }
}

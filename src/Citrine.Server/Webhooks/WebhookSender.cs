using Citrine.Application.Sandbox;
using System.Collections.Concurrent;
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
/// <see cref="DeliveryOutcome"/>. No redirects, no proxy (a proxy would hide the destination from the connect-time
/// check), no cookies. Connections are kept per destination (scheme, host, port) for up to
/// <see cref="PooledDestinationsMax"/> destinations, as a receiver's HTTP client would expect: a new connection per
/// attempt cost a handshake and a socket left in TIME_WAIT per event, which at thousands of events a second ran the
/// machine out of ports (docs/performance.md#webhook-dispatch). Every connection of a pool still passes the
/// <see cref="DestinationGuard"/>, and the pool remembers the least public address any of them reached: an answer is
/// shown in the delivery log (<see cref="ExcerptPolicy"/>) only when every connection of its destination went to a
/// public address. Destinations beyond the bound get a handler, hence a connection, per attempt.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    /// <summary>Most destinations that keep a connection pool; bounded because merchants choose the URLs.</summary>
    public const int PooledDestinationsMax = 256;

    /// <summary>Most bytes of a receiver's answer read per attempt; the rest is never read.</summary>
    public const int ResponseReadMaxBytes = 4096;

    /// <summary>Most characters of the answer kept in the delivery log.</summary>
    public const int ResponseExcerptMaxChars = 512;

    /// <summary>How long a kept connection serves before it is replaced (and its address checked again).</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Pool>> _pools = new(StringComparer.OrdinalIgnoreCase);

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
        var (http, connected, owned) = ClientFor(uri);
        using var ownedClient = owned ? http : null;
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

    private (HttpClient Client, ConnectedDestination Connected, bool Owned) ClientFor(Uri uri)
    {
        var key = uri.GetLeftPart(UriPartial.Authority);
        if (!_pools.TryGetValue(key, out var pool) && _pools.Count < PooledDestinationsMax)
        {
            pool = _pools.GetOrAdd(key, _ => new Lazy<Pool>(() => new Pool(this)));
        }

        if (pool is not null)
        {
            return (pool.Value.Client, pool.Value.Connected, false);
        }

        var connected = new ConnectedDestination();
        return (NewClient(connected, pooled: false), connected, true);
    }

    private HttpClient NewClient(ConnectedDestination connected, bool pooled) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = (context, ct) => _guard.ConnectAsync(context, connected, ct),
            PooledConnectionLifetime = pooled ? PooledConnectionLifetime : Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = WebhookDispatcher.InFlightMax,
        })
        {
            // The attempt's own token enforces WebhookTimeoutMs.
            Timeout = Timeout.InfiniteTimeSpan,
        };

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            if (pool.IsValueCreated)
            {
                pool.Value.Client.Dispose();
            }
        }

        _pools.Clear();
    }

    /// <summary>One destination's kept connections and what they reached.</summary>
    private sealed class Pool
    {
        public Pool(WebhookSender sender) => Client = sender.NewClient(Connected, pooled: true);

        public ConnectedDestination Connected { get; } = new();

        public HttpClient Client { get; }
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

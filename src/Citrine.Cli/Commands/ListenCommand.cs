using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Citrine.Contracts.Signing;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine listen --forward-to URL</c>, like <c>stripe listen</c>: tails the merchant's webhook events from a
/// running server (local or remote, through the signed <c>/sandbox/webhooks/poll</c>), verifies each signature with
/// the key from <c>/certificates</c>, forwards the exact body and headers to the URL, and prints one line per event.
/// Listening does not change the server's own delivery of the events.
/// </summary>
public static class ListenCommand
{
    private const int PollWaitMs = 10_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static Command Create(CliOutput output)
    {
        var forwardTo = new Option<string?>("--forward-to") { Description = "URL to POST each event to, as delivered" };
        var apiKey = new Option<string?>("--api-key") { Description = "Merchant API key (default: CITRINE_API_KEY)" };
        var apiSecret = new Option<string?>("--api-secret")
        {
            Description = "Merchant API secret (default: CITRINE_API_SECRET)",
        };
        var maxEvents = new Option<int?>("--max-events") { Description = "Stop after this many events" };
        var duration = new Option<int?>("--duration-seconds") { Description = "Stop after this many seconds" };
        var server = CommonOptions.Server();
        var command = new Command("listen", "Tail the merchant's webhook events, verify and forward them")
        {
            forwardTo, apiKey, apiSecret, maxEvents, duration, server,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(forwardTo) is { } target && !(Uri.TryCreate(target, UriKind.Absolute, out var uri)
                                                             && uri.Scheme is "http" or "https"))
            {
                throw new InvalidOperationException("--forward-to: must be an absolute http or https URL");
            }

            using var client = new SignedApiClient(parse.GetValue(server)!, parse.GetValue(apiKey),
                parse.GetValue(apiSecret));
            using var forwarder = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (parse.GetValue(duration) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            var listener = new Listener(client, forwarder, parse.GetValue(forwardTo), output.Writer);
            var count = 0;
            try
            {
                count = await listener.RunAsync(parse.GetValue(maxEvents), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped before the first event.
            }

            output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped after {count} event(s)."));
            return 0;
        });
        return command;
    }

    private sealed class Listener(SignedApiClient client, HttpClient forwarder, string? forwardTo, TextWriter writer)
    {
        private Dictionary<string, string> _certificates = new(StringComparer.OrdinalIgnoreCase);

        public async Task<int> RunAsync(int? maxEvents, CancellationToken cancellationToken)
        {
            await LoadCertificatesAsync(cancellationToken).ConfigureAwait(false);
            var start = await client.PostAsync("sandbox/webhooks/poll", new { waitMs = 0 }, cancellationToken)
                .ConfigureAwait(false);
            var cursor = start.GetProperty("nextAfterEventId").GetInt64();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Ready! Listening for webhook events of merchant {start.GetProperty("merchantId").GetInt64()}") +
                (forwardTo is null ? "" : $", forwarding to {forwardTo}") + " (Ctrl+C to stop)");
            var count = 0;
            while (!cancellationToken.IsCancellationRequested && (maxEvents is null || count < maxEvents))
            {
                JsonElement poll;
                try
                {
                    poll = await client.PostAsync("sandbox/webhooks/poll", new
                    {
                        afterEventId = cursor,
                        waitMs = PollWaitMs,
                        limit = maxEvents is { } max ? Math.Min(max - count, 100) : 100,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException
                                              or TaskCanceledException)
                {
                    writer.WriteLine($"poll failed: {e.Message}; retrying");
                    if (!await DelayAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                foreach (var webhook in poll.GetProperty("events").EnumerateArray())
                {
                    await HandleAsync(webhook, cancellationToken).ConfigureAwait(false);
                    count++;
                }

                cursor = poll.GetProperty("nextAfterEventId").GetInt64();
            }

            return count;
        }

        private async Task HandleAsync(JsonElement webhook, CancellationToken cancellationToken)
        {
            var body = Encoding.UTF8.GetBytes(webhook.GetProperty("body").GetString()!);
            var (timestamp, nonce, signature, serial) = (Text(webhook, "timestamp"), Text(webhook, "nonce"),
                Text(webhook, "signature"), Text(webhook, "certSerial"));
            if (!_certificates.ContainsKey(serial))
            {
                await LoadCertificatesAsync(cancellationToken).ConfigureAwait(false); // Rotated meanwhile?
            }

            var verdict = !_certificates.TryGetValue(serial, out var pem) ? $"signature UNKNOWN certificate {serial}"
                : WebhookSignature.Verify(pem, timestamp, nonce, body, signature) ? $"signature verified (SN {serial})"
                : "signature INVALID";
            var eventId = webhook.GetProperty("eventId").GetInt64();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}  --> {Text(webhook, "bizType")} ") + string.Create(
                CultureInfo.InvariantCulture,
                $"{Text(webhook, "bizStatus")} bizId={Text(webhook, "bizIdStr")} [event {eventId}]  {verdict}");
            if (forwardTo is not null)
            {
                line += "  " + await ForwardAsync(body, timestamp, nonce, signature, serial, cancellationToken)
                    .ConfigureAwait(false);
            }

            writer.WriteLine(line);
        }

        private async Task<string> ForwardAsync(byte[] body, string timestamp, string nonce, string signature,
            string serial, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, forwardTo)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(BinancePayHeaders.Timestamp, timestamp);
            request.Headers.TryAddWithoutValidation(BinancePayHeaders.Nonce, nonce);
            request.Headers.TryAddWithoutValidation(BinancePayHeaders.Signature, signature);
            request.Headers.TryAddWithoutValidation(BinancePayHeaders.CertificateSn, serial);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await forwarder.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return string.Create(CultureInfo.InvariantCulture,
                    $"<-- [{(int)response.StatusCode} {response.ReasonPhrase}] POST {forwardTo} ({elapsedMs:0} ms)");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return $"<-- forward to {forwardTo} failed: {e.Message}";
            }
        }

        private async Task LoadCertificatesAsync(CancellationToken cancellationToken)
        {
            var certificates = await client.PostAsync("binancepay/openapi/certificates", new { }, cancellationToken)
                .ConfigureAwait(false);
            _certificates = certificates.EnumerateArray().ToDictionary(c => Text(c, "certSerial"),
                c => Text(c, "certPublic"), StringComparer.OrdinalIgnoreCase);
        }

        private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private static string Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Citrine.Client;
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
/// <c>webhook-dispatch</c>: creates <c>--events</c> orders whose <c>webhookUrl</c> is a loopback receiver the bench
/// runs (setup, not measured), then closes them all on the bench's connections and measures deliveries per second
/// from the first close sent to the last event received, and each event's latency from its close being sent to its
/// receipt. The receiver answers 200 at once and verifies every event's RSA signature with the SDK's
/// <see cref="WebhookVerifier"/> (keys from Query Certificate) after answering. The server must reach the receiver on
/// 127.0.0.1 (loopback destinations are allowed by default, <c>Citrine:WebhookAllowLoopback</c>).
/// </summary>
internal static class WebhookDispatch
{
    public const string Name = "webhook-dispatch";

    public static async Task<ScenarioResult> RunAsync(BenchContext context, string apiKey, string apiSecret, int events,
        TimeSpan timeout, LoadRunner.Live live, CancellationToken cancellationToken)
    {
        using var sdk = new HttpClient();
        var verifier = new WebhookVerifier(new CitrineClient(context.Http.BaseUri, new CitrineCredential(apiKey, apiSecret),
            new CitrineClientOptions { HttpClient = sdk }));
        await using var receiver = await Receiver.StartAsync(verifier, cancellationToken).ConfigureAwait(false);

        var orders = new long[events];
        await context.ParallelAsync(events, async (i, ct) =>
            orders[i] = await context.CreateOrderAsync(1m, receiver.Url, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

        var closeSent = new ConcurrentDictionary<long, long>();
        live.Measuring = true;
        var workers = new WorkerStats[context.Connections];
        var next = -1;
        var firstSent = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers.Length).Select(w => Task.Run(async () =>
        {
            var stats = workers[w] = new WorkerStats();
            int i;
            while ((i = Interlocked.Increment(ref next)) < orders.Length)
            {
                closeSent[orders[i]] = Stopwatch.GetTimestamp();
                try
                {
                    var reply = await context.Http.PostAsync(BenchPaths.Close, new { prepayId = orders[i] },
                        cancellationToken).ConfigureAwait(false);
                    stats.Add(reply);
                    if (!reply.IsSuccess)
                    {
                        closeSent.TryRemove(orders[i], out _);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    closeSent.TryRemove(orders[i], out _);
                    stats.Error($"close: {e.GetType().Name}: {e.Message}");
                }

                live.Fraction = 0.5 * (i + 1) / orders.Length;
            }
        }, CancellationToken.None))).ConfigureAwait(false);

        var total = new WorkerStats();
        foreach (var stats in workers)
        {
            stats.MergeInto(total);
        }

        var closeRequests = total.Requests;
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (receiver.CountFor(closeSent) < closeSent.Count && Stopwatch.GetTimestamp() < deadline)
        {
            live.Fraction = 0.5 + 0.5 * receiver.CountFor(closeSent) / Math.Max(1, closeSent.Count);
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        await receiver.DrainVerificationsAsync().ConfigureAwait(false);
        long delivered = 0, last = firstSent;
        foreach (var (prepayId, sent) in closeSent)
        {
            if (receiver.Received.TryGetValue(prepayId, out var received))
            {
                delivered++;
                last = Math.Max(last, received);
                total.RecordMicroseconds((long)Stopwatch.GetElapsedTime(sent, received).TotalMicroseconds);
                live.Count();
            }
        }

        total.Operations = delivered;
        total.Requests = delivered;
        var missing = closeSent.Count - delivered;
        if (missing > 0)
        {
            total.Error($"{missing} closed order(s) had no webhook within {timeout.TotalSeconds:0} s");
            total.Errors += missing - 1;
        }

        if (receiver.VerifyFailures > 0)
        {
            total.Error("a delivered webhook failed signature verification: " + receiver.FirstFailure);
            total.Errors += receiver.VerifyFailures - 1;
        }

        var seconds = Stopwatch.GetElapsedTime(firstSent, last).TotalSeconds;
        var webhooks = new WebhookInfo(closeSent.Count, delivered, receiver.Verified, receiver.VerifyFailures);
        return ScenarioResult.From(Name, total, seconds,
            $"{events} orders closed on {context.Connections} connections ({closeRequests} close requests); "
            + "latency = close sent → webhook received", webhooks);
    }

    /// <summary>The loopback receiver: records the receipt time per bizId and answers 200 before verifying.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentBag<Task> _verifications = [];
        private long _verified;
        private long _failures;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public ConcurrentDictionary<long, long> Received { get; } = new();

        public long Verified => Interlocked.Read(ref _verified);

        public long VerifyFailures => Interlocked.Read(ref _failures);

        public string? FirstFailure { get; private set; }

        public int CountFor(ConcurrentDictionary<long, long> closed) => closed.Keys.Count(Received.ContainsKey);

        public static async Task<Receiver> StartAsync(WebhookVerifier verifier, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async context =>
            {
                var at = Stopwatch.GetTimestamp();
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                var body = buffer.ToArray();
                var headers = WebhookHeaders.From(name => context.Request.Headers[name]);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"returnCode":"SUCCESS","returnMessage":null}""",
                    context.RequestAborted).ConfigureAwait(false);
                receiver._verifications.Add(receiver.VerifyAsync(verifier, body, headers, at));
            });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            receiver.Url = address.TrimEnd('/') + "/hook";
            return receiver;
        }

        private async Task VerifyAsync(WebhookVerifier verifier, byte[] body, WebhookHeaders headers, long at)
        {
            try
            {
                var webhook = await verifier.VerifyAsync(body, headers, CancellationToken.None).ConfigureAwait(false);
                if (webhook.BizStatus == "PAY_CLOSED" && long.TryParse(webhook.BizId,
                        System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                        out var bizId))
                {
                    Received.TryAdd(bizId, at);
                }

                Interlocked.Increment(ref _verified);
            }
            catch (Exception e) when (e is WebhookVerificationException or HttpRequestException
                or CitrineApiException or System.Text.Json.JsonException)
            {
                FirstFailure ??= e.Message;
                Interlocked.Increment(ref _failures);
            }
        }

        public Task DrainVerificationsAsync() => Task.WhenAll(_verifications);

        public async ValueTask DisposeAsync()
        {
            await DrainVerificationsAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Collections.Concurrent;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts;
using Citrine.Testing;

namespace Citrine.Client.Tests.Live;

/// <summary>
/// The SDK against Citrine's own per-key rate limit (docs/compatibility.md#backpressure): the busy answer is a
/// <see cref="CitrineApiException"/> with <c>409901</c> and HTTP 429 when retries are off, and with retries on the
/// SDK waits the answer's <c>Retry-After</c> and succeeds, every attempt seen on the wire.
/// </summary>
public sealed class RateLimitLiveTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_retries_the_busy_answer_is_a_CitrineApiException_409901_with_HTTP_429()
    {
        await using var server = await LimitedServerAsync();
        var merchant = await server.CreateMerchantAsync();
        var client = Client(server, merchant, maxRetries: 0, http: null);
        var request = Requests.V2();
        await client.Orders.CreateAsync(request, Ct); // the burst of one

        var error = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct));

        error.Code.ShouldBe("409901");
        error.HttpStatus.ShouldBe(429);
        error.ResultCode.ShouldBe(ResultCodes.TooManyRequests);
    }

    [Fact]
    public async Task With_retries_the_SDK_waits_Retry_After_and_the_call_succeeds()
    {
        await using var server = await LimitedServerAsync();
        var merchant = await server.CreateMerchantAsync();
        var statuses = new ConcurrentQueue<int>();
        using var http = new HttpClient(new Recorder(statuses) { InnerHandler = new SocketsHttpHandler() });
        var client = Client(server, merchant, maxRetries: 3, http);
        var request = Requests.V2();

        await client.Orders.CreateAsync(request, Ct);
        var order = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        order.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
        statuses.ShouldContain(429, "the query met the limit first");
        statuses.Last().ShouldBe(200);
    }

    private static Task<TestServer> LimitedServerAsync() => TestServer.StartAsync(Store.Sqlite, o =>
    {
        o.RateLimit.PermitsPerSecond = 1;
        o.RateLimit.Burst = 1;
    });

    // RetryDelay alone (10 ms doubling) would spend three retries within a bucket's second: only Retry-After, honoured
    // up to RetryDelayMax, brings the retry past the refill.
    private static CitrineClient Client(TestServer server, TestMerchant merchant, int maxRetries, HttpClient? http) =>
        new(server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret), new CitrineClientOptions
        {
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            RetryDelayMax = TimeSpan.FromSeconds(5),
            HttpClient = http,
        });

    private sealed class Recorder(ConcurrentQueue<int> statuses) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            statuses.Enqueue((int)response.StatusCode);
            return response;
        }
    }
}

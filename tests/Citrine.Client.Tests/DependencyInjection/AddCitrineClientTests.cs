using Citrine.Client.Tests.Infrastructure;
using Citrine.Testing;
using Citrine.Contracts.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.DependencyInjection;

/// <summary><c>AddCitrineClient</c>: settings bound from configuration, sending through IHttpClientFactory, against
/// a real Citrine.</summary>
public sealed class AddCitrineClientTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_bound_from_configuration_talks_to_the_server()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BinancePay:BaseUri"] = fixture.Server.BaseUri.ToString(),
            ["BinancePay:ApiKey"] = merchant.ApiKey,
            ["BinancePay:ApiSecret"] = merchant.ApiSecret,
            ["BinancePay:MaxRetries"] = "1",
            ["BinancePay:NetworkTimeout"] = "00:00:05",
        }).Build();
        var handlerRan = 0;
        var services = new ServiceCollection();
        services.AddCitrineClient(configuration.GetSection("BinancePay"))
            .AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref handlerRan)));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<CitrineClient>();
        var order = await client.Orders.CreateAsync(Requests.V2(), Ct);

        client.BaseUri.ShouldBe(fixture.Server.BaseUri);
        order.PrepayId.ShouldNotBeNullOrEmpty();
        handlerRan.ShouldBe(1);
        provider.GetRequiredService<CitrineClient>().ShouldBeSameAs(client);
        provider.GetRequiredService<WebhookVerifier>().ShouldNotBeNull();
    }

    [Fact]
    public async Task A_client_configured_in_code_defaults_to_Binance_production()
    {
        var services = new ServiceCollection();
        services.AddCitrineClient(s =>
        {
            s.ApiKey = "key";
            s.ApiSecret = "secret";
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<CitrineClient>().BaseUri.ShouldBe(new Uri("https://bpay.binanceapi.com/"));
    }

    [Fact]
    public async Task Missing_credentials_fail_at_resolution_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddCitrineClient(_ => { });
        await using var provider = services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<CitrineClient>())
            .Message.ShouldContain("ApiKey");
    }

    [Fact]
    public async Task Client_methods_can_be_overridden_for_tests_of_merchant_code()
    {
        CitrineClient client = new FakeClient();

        var order = await client.Orders.GetAsync(new OrderLookupRequest { PrepayId = "1" }, Ct);

        order.Status.ShouldBe(OrderStatusNames.Paid);
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FakeClient : CitrineClient
    {
        public override OrdersClient Orders { get; } = new FakeOrders();
    }

    private sealed class FakeOrders : OrdersClient
    {
        public override Task<QueryOrderResult> GetAsync(OrderLookupRequest request,
            CancellationToken cancellationToken = default) =>
            Task.FromResult(new QueryOrderResult
            {
                PrepayId = "1",
                MerchantTradeNo = "m",
                Status = OrderStatusNames.Paid,
                Currency = "USDT",
            });
    }
}

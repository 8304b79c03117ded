using System.Net;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Testing;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Signing;

namespace Citrine.Client.Tests.Retries;

/// <summary>
/// Retry behaviour through a loopback proxy that fails on purpose, in front of a real Citrine: which failures are
/// retried for which calls, that every attempt is signed anew, and the create/close recoveries.
/// </summary>
public abstract class RetryTests(ServerFixture fixture)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_query_is_retried_after_two_503s_and_each_attempt_has_a_fresh_nonce_and_valid_signature()
    {
        var (direct, merchant) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await direct.Orders.CreateAsync(request, Ct);
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Unavailable503,
            Fault.Unavailable503);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        var order = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        order.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
        var seen = proxy.Seen.ToArray();
        seen.Length.ShouldBe(3);
        seen.Select(s => s.Headers[BinancePayHeaders.Nonce]).Distinct().Count().ShouldBe(3);
        seen.Select(s => s.Headers[BinancePayHeaders.Signature]).Distinct().Count().ShouldBe(3);
        foreach (var attempt in seen)
        {
            RequestSigner.Verify(merchant.ApiSecret, attempt.Headers[BinancePayHeaders.Timestamp],
                attempt.Headers[BinancePayHeaders.Nonce], System.Text.Encoding.UTF8.GetBytes(attempt.Body),
                attempt.Headers[BinancePayHeaders.Signature], strictUpperCase: true).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_recovered_by_querying_the_order()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.ResetAfterForward);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);
        var request = Requests.V2();

        var order = await client.Orders.CreateAsync(request, Ct);

        // Attempt 1 created the order (answer lost), attempt 2 met 400201, then a query found it.
        proxy.ForwardedCount.ShouldBe(3);
        var stored = await fixture.ClientFor(merchant).Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);
        order.PrepayId.ShouldBe(stored.PrepayId);
        order.Currency.ShouldBe("USDT");
        order.TotalFee.ShouldBe(25.17m);
        order.CheckoutUrl.ShouldBe("");
    }

    [Fact]
    public async Task A_create_retried_after_503s_returns_the_normal_answer_with_links()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Unavailable503,
            Fault.TooManyRequests429, Fault.ServerError500);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        var order = await client.Orders.CreateAsync(Requests.V2(), Ct);

        order.CheckoutUrl.ShouldNotBeEmpty();
        proxy.Seen.Count.ShouldBe(4);
        proxy.ForwardedCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_reused_merchantTradeNo_for_another_order_is_not_recovered_even_after_a_retry()
    {
        var (direct, merchant) = await fixture.NewClientAsync();
        var first = Requests.V2();
        await direct.Orders.CreateAsync(first, Ct);
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Unavailable503);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        // Same merchantTradeNo, another amount: an honest duplicate, not a lost answer.
        var refused = await Should.ThrowAsync<CitrineApiException>(
            () => client.Orders.CreateAsync(first with { OrderAmount = 99m }, Ct));

        refused.ResultCode.ShouldBe(ResultCodes.InvalidMerchantTradeNo);
    }

    [Fact]
    public async Task A_close_whose_answer_was_lost_is_true_when_the_order_is_canceled()
    {
        var (direct, merchant) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await direct.Orders.CreateAsync(request, Ct);
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.ResetAfterForward);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        var closed = await client.Orders.CloseAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        closed.ShouldBeTrue();
        proxy.ForwardedCount.ShouldBe(3); // close, close again (400204), query (CANCELED)
    }

    [Fact]
    public async Task A_write_without_an_idempotency_key_is_not_retried_after_a_500()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.ServerError500);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        var failed = await Should.ThrowAsync<CitrineApiException>(
            () => client.SubMerchants.AddAsync(new SubMerchantAddRequest { MerchantName = "Kiosk", StoreType = 1, MerchantMcc = "1040", Address = "1 Road" }, Ct));

        failed.ResultCode.ShouldBe(ResultCodes.UnknownError);
        failed.HttpStatus.ShouldBe(500);
        proxy.Seen.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_write_without_an_idempotency_key_is_not_retried_after_a_connection_reset()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.ResetBeforeForward);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        await Should.ThrowAsync<HttpRequestException>(
            () => client.SubMerchants.AddAsync(new SubMerchantAddRequest { MerchantName = "Kiosk", StoreType = 1, MerchantMcc = "1040", Address = "1 Road" }, Ct));

        proxy.Seen.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_write_without_an_idempotency_key_is_retried_after_503_and_429()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Unavailable503,
            Fault.TooManyRequests429);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);

        var sub = await client.SubMerchants.AddAsync(new SubMerchantAddRequest { MerchantName = "Kiosk", StoreType = 1, MerchantMcc = "1040", Address = "1 Road" }, Ct);

        sub.SubMerchantId.ShouldBeGreaterThan(0);
        proxy.Seen.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_query_is_retried_after_a_connection_reset()
    {
        var (direct, merchant) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await direct.Orders.CreateAsync(request, Ct);
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.ResetBeforeForward);

        var order = await fixture.ClientFor(merchant, proxy.BaseUri).Orders
            .GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        order.Status.ShouldBe(OrderStatusNames.Initial);
        proxy.Seen.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_retries_run_out_a_plain_503_stays_an_HttpRequestException_with_the_status()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Unavailable503,
            Fault.Unavailable503, Fault.Unavailable503);
        var client = fixture.ClientFor(merchant, proxy.BaseUri, maxRetries: 2);

        var failed = await Should.ThrowAsync<HttpRequestException>(
            () => client.Orders.GetAsync(Requests.ByTradeNo("whatever"), Ct));

        failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        proxy.Seen.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_and_ends_in_a_TimeoutException()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Slow, Fault.Slow);
        var client = fixture.ClientFor(merchant, proxy.BaseUri, maxRetries: 1,
            networkTimeout: TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<TimeoutException>(() => client.Orders.GetAsync(Requests.ByTradeNo("slow"), Ct));

        proxy.Seen.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_slow_answer_then_a_good_one_succeeds()
    {
        var (direct, merchant) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await direct.Orders.CreateAsync(request, Ct);
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Slow);
        var client = fixture.ClientFor(merchant, proxy.BaseUri, networkTimeout: TimeSpan.FromMilliseconds(300));

        var order = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        order.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_a_timeout()
    {
        var (_, merchant) = await fixture.NewClientAsync();
        await using var proxy = await FlakyProxy.StartAsync(fixture.Server.BaseUri, Fault.Slow);
        var client = fixture.ClientFor(merchant, proxy.BaseUri);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(
            () => client.Orders.GetAsync(Requests.ByTradeNo("x"), cancel.Token));
    }
}

public sealed class SqliteRetryTests(SqliteServer fixture) : RetryTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresRetryTests(PostgresServer fixture) : RetryTests(fixture), IClassFixture<PostgresServer>;

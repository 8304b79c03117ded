using System.Diagnostics;
using Citrine.Client.Sandbox;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Client.Tests.Retries;

/// <summary>
/// The SDK's retries against a live server that misbehaves on purpose through sandbox fault injection
/// (docs/sandbox.md#fault-injection), armed with the SDK itself: it survives N armed 429s, 5xx, a dropped connection
/// and a stall longer than its timeout, and gives up with the server's answer when the faults outlast its retries.
/// </summary>
public abstract class FaultRetryTests(ServerFixture fixture)
{
    private const string CreatePath = "/binancepay/openapi/v2/order";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> RemainingAsync(CitrineClient client, CancellationToken ct)
    {
        var faults = await client.Sandbox.ListFaultsAsync(ct);
        return faults.EnumerateArray().Sum(f => f.GetProperty("remaining").GetInt32());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_create_succeeds_after_as_many_armed_errors_as_the_client_retries(int status)
    {
        var (client, _) = await fixture.NewClientAsync(maxRetries: 3);
        var armed = await client.Sandbox.ArmFaultAsync(new SandboxFaultRequest
        {
            Kind = SandboxFaultKinds.Status,
            HttpStatus = status,
            Path = CreatePath,
            Count = 3,
        }, Ct);
        armed.GetProperty("remaining").GetInt32().ShouldBe(3);
        var request = Requests.V2();

        var order = await client.Orders.CreateAsync(request, Ct);

        order.PrepayId.ShouldNotBeNullOrEmpty();
        (await RemainingAsync(client, Ct)).ShouldBe(0);
        (await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct)).PrepayId
            .ShouldBe(order.PrepayId);
    }

    [Fact]
    public async Task Faults_that_outlast_the_retries_surface_as_the_servers_envelope()
    {
        var (client, _) = await fixture.NewClientAsync(maxRetries: 1);
        await client.Sandbox.ArmFaultAsync(new SandboxFaultRequest
        {
            Kind = SandboxFaultKinds.Status,
            HttpStatus = 503,
            Count = 3,
        }, Ct);

        var refused = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Orders.GetAsync(Requests.ByTradeNo("none"), Ct));

        refused.HttpStatus.ShouldBe(503);
        refused.Code.ShouldBe("400000");
        (await RemainingAsync(client, Ct)).ShouldBe(1, "two attempts took two of the three");
        await client.Sandbox.ClearFaultsAsync(Ct);
        (await Should.ThrowAsync<CitrineApiException>(() => client.Orders.GetAsync(Requests.ByTradeNo("none"), Ct)))
            .Code.ShouldBe("400202");
    }

    [Fact]
    public async Task A_create_survives_a_dropped_connection()
    {
        var (client, _) = await fixture.NewClientAsync(maxRetries: 2);
        await client.Sandbox.ArmFaultAsync(new SandboxFaultRequest
        {
            Kind = SandboxFaultKinds.Drop,
            Path = CreatePath,
            Count = 2,
        }, Ct);
        var request = Requests.V2();

        var order = await client.Orders.CreateAsync(request, Ct);

        order.PrepayId.ShouldNotBeNullOrEmpty();
        (await RemainingAsync(client, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_query_outwaits_a_stall_longer_than_its_network_timeout()
    {
        var (client, _) = await fixture.NewClientAsync(maxRetries: 2, networkTimeout: TimeSpan.FromMilliseconds(700));
        var request = Requests.V2();
        await client.Orders.CreateAsync(request, Ct);
        await client.Sandbox.ArmFaultAsync(new SandboxFaultRequest
        {
            Kind = SandboxFaultKinds.Stall,
            DurationMs = 5_000,
            Path = "/binancepay/openapi/v2/order/query",
        }, Ct);

        var started = Stopwatch.GetTimestamp();
        var order = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        order.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
        Stopwatch.GetElapsedTime(started).ShouldBeInRange(TimeSpan.FromMilliseconds(650), TimeSpan.FromSeconds(4.5));
        (await RemainingAsync(client, Ct)).ShouldBe(0);
    }
}

public sealed class SqliteFaultRetryTests(SqliteServer fixture)
    : FaultRetryTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresFaultRetryTests(PostgresServer fixture)
    : FaultRetryTests(fixture), IClassFixture<PostgresServer>;

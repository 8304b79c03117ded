using System.Net;
using Citrine.Application;
using Citrine.Server.Webhooks;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// Webhook destinations are checked when the connection is made (docs/decisions.md#outbound-calls), through the network
/// seam: names resolve from a table and connects are redirected to a loopback receiver, so nothing leaves loopback.
/// </summary>
public abstract class SsrfTests(Store store)
{
    private static readonly (string Url, string Expected)[] NonPublic =
    [
        ("http://10.1.2.3:{port}/hook", "10.1.2.3 is a private address"),
        ("http://172.20.0.1:{port}/hook", "172.20.0.1 is a private address"),
        ("http://192.168.7.7:{port}/hook", "192.168.7.7 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address"),
        ("http://169.254.10.10:{port}/hook", "169.254.10.10 is a link-local address"),
        ("http://[fd12:3456::1]:{port}/hook", "fd12:3456::1 is a unique-local (private) address"),
        ("http://[fe80::1]:{port}/hook", "fe80::1 is a link-local address"),
        ("http://[::ffff:10.0.0.1]:{port}/hook", "::ffff:10.0.0.1 is a private address"),
        ("http://internal.test:{port}/hook", "10.9.9.9 is a private address"),
        ("http://metadata.test/computeMetadata", "169.254.169.254 is the cloud metadata address"),
        ("http://ula.test:{port}/hook", "fd00::7 is a unique-local (private) address"),
    ];

    private static readonly string[] Forbidden =
    [
        "http://0.0.0.0:{port}/hook", "http://224.0.0.1:{port}/hook", "http://255.255.255.255:{port}/hook",
    ];

    [Fact]
    public async Task Private_link_local_metadata_and_unique_local_destinations_are_refused_at_connect_time()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var network = NewNetwork(receiver);
        await using var server = await StartAsync(network, o => o.WebhookAllowPrivate = false);
        var client = server.Signed(await server.CreateMerchantAsync());

        foreach (var (url, expected) in NonPublic)
        {
            var first = await FirstAttemptAsync(server, client, url.Replace("{port}", Text(receiver.Port)));
            first.GetProperty("delivered").GetBoolean().ShouldBeFalse(url);
            first.GetProperty("error").GetString()!.ShouldStartWith("destination refused: " + expected, customMessage: url);
        }

        network.Connects.ShouldBeEmpty();
        receiver.All.ShouldBeEmpty();

        // A public name still goes through the same seam and is delivered.
        var delivered = await FirstAttemptAsync(server, client, $"http://shop.test:{receiver.Port}/hook");
        delivered.GetProperty("delivered").GetBoolean().ShouldBeTrue(delivered.ToString());
        network.Connects.ShouldContain(new IPEndPoint(IPAddress.Parse("93.184.216.34"), receiver.Port));
    }

    [Fact]
    public async Task The_same_destinations_are_delivered_when_private_addresses_are_allowed_but_never_forbidden_ones()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var network = NewNetwork(receiver);
        await using var server = await StartAsync(network, o => o.WebhookAllowPrivate = true);
        var client = server.Signed(await server.CreateMerchantAsync());

        foreach (var (url, _) in NonPublic)
        {
            var first = await FirstAttemptAsync(server, client, url.Replace("{port}", Text(receiver.Port)));
            first.GetProperty("delivered").GetBoolean().ShouldBeTrue($"{url}: {first}");
        }

        network.Connects.Select(c => c.Address.ToString()).ShouldContain("169.254.169.254");
        network.Connects.Select(c => c.Address.ToString()).ShouldContain("fd12:3456::1");
        receiver.All.Count.ShouldBe(NonPublic.Length);

        network.Connects.Clear();
        foreach (var url in Forbidden)
        {
            var first = await FirstAttemptAsync(server, client, url.Replace("{port}", Text(receiver.Port)));
            first.GetProperty("error").GetString()!.ShouldContain("never a webhook destination", customMessage: url);
        }

        network.Connects.ShouldBeEmpty();
    }

    [Fact]
    public async Task Loopback_destinations_are_refused_unless_allowed()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var network = NewNetwork(receiver);
        await using var server = await StartAsync(network, o => o.WebhookAllowLoopback = false);
        var client = server.Signed(await server.CreateMerchantAsync());

        foreach (var url in new[] { receiver.Url, $"http://localhost.test:{receiver.Port}/hook", $"http://[::1]:{receiver.Port}/" })
        {
            var first = await FirstAttemptAsync(server, client, url);
            first.GetProperty("error").GetString()!.ShouldContain("loopback address; set Citrine:WebhookAllowLoopback",
                customMessage: url);
        }

        network.Connects.ShouldBeEmpty();
        receiver.All.ShouldBeEmpty();
    }

    private static FakeNetwork NewNetwork(LoopbackReceiver receiver)
    {
        var network = new FakeNetwork(receiver.Port);
        network.Names["internal.test"] = [IPAddress.Parse("10.9.9.9")];
        network.Names["metadata.test"] = [IPAddress.Parse("169.254.169.254")];
        network.Names["ula.test"] = [IPAddress.Parse("fd00::7")];
        network.Names["shop.test"] = [IPAddress.Parse("93.184.216.34")];
        network.Names["localhost.test"] = [IPAddress.Loopback];
        return network;
    }

    private Task<TestServer> StartAsync(FakeNetwork network, Action<CitrineOptions> configure) =>
        TestServer.StartAsync(store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookRetryMs = [60_000, 60_000, 60_000, 60_000, 60_000, 60_000]; // One attempt is enough here.
            configure(o);
        }, services: s => s.AddSingleton<IWebhookNetwork>(network));

    private static async Task<System.Text.Json.JsonElement> FirstAttemptAsync(TestServer server, SignedHttp client,
        string url)
    {
        await CloseNewOrderAsync(client, url);
        var eventId = EventId(await LatestEventAsync(server, client.Merchant.MerchantId));
        var detail = await WaitForEventAsync(server, eventId, d => Attempts(d) >= 1, "attempted");
        return detail.GetProperty("attempts")[0];
    }
}

public sealed class SqliteSsrfTests() : SsrfTests(Store.Sqlite);

public sealed class PostgresSsrfTests() : SsrfTests(Store.Postgres);

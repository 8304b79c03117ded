using System.Net;
using System.Text.Json;
using Citrine.Application;
using Citrine.Server.Webhooks;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// Issue 12, outbound safety: what a loopback or private service answers a webhook never reaches the merchant (the
/// sandbox event view) or the admin view unless the operator set <c>Citrine:WebhookShowPrivateExcerpts</c>; answers
/// from public addresses are shown. The decision follows the address connected to, after DNS.
/// </summary>
public abstract class ExcerptExposureTests(Store store)
{
    private const string LocalSecret = "local-service-secret-7f3a";

    [Fact]
    public async Task A_loopback_services_answer_is_withheld_from_the_merchant_and_the_admin_view()
    {
        await using var receiver = await SecretReceiverAsync();
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookShowPrivateExcerpts = false; // Loopback delivery stays allowed (the test server opts in).
        });
        var client = server.Signed(await server.CreateMerchantAsync());

        var (merchantView, adminView) = await DeliveredViewsAsync(server, client, receiver.Url);

        receiver.All.ShouldNotBeEmpty(); // The request went out and was answered.
        merchantView.GetRawText().ShouldNotContain(LocalSecret);
        adminView.GetRawText().ShouldNotContain(LocalSecret);
        var attempt = merchantView.GetProperty("attempts")[0];
        attempt.GetProperty("delivered").GetBoolean().ShouldBeTrue(attempt.ToString());
        attempt.GetProperty("httpStatus").GetInt32().ShouldBe(200);
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe(ExcerptPolicy.Withheld);
        adminView.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString()
            .ShouldBe(ExcerptPolicy.Withheld);
    }

    [Fact]
    public async Task The_operator_can_show_loopback_answers()
    {
        await using var receiver = await SecretReceiverAsync();
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookShowPrivateExcerpts = true;
        });
        var client = server.Signed(await server.CreateMerchantAsync());

        var (merchantView, _) = await DeliveredViewsAsync(server, client, receiver.Url);

        merchantView.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString()
            .ShouldBe(SecretAnswer);
    }

    [Fact]
    public async Task The_address_connected_to_decides_not_the_name_in_the_URL()
    {
        await using var receiver = await SecretReceiverAsync();
        var network = new FakeNetwork(receiver.Port);
        network.Names["shop.test"] = [IPAddress.Parse("93.184.216.34")];
        network.Names["innocent.test"] = [IPAddress.Loopback];
        network.Names["intranet.test"] = [IPAddress.Parse("10.1.2.3")];
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookAllowPrivate = true;
            o.WebhookShowPrivateExcerpts = false;
        }, services: s => s.AddSingleton<IWebhookNetwork>(network));
        var client = server.Signed(await server.CreateMerchantAsync());

        var (publicView, _) = await DeliveredViewsAsync(server, client, $"http://shop.test:{receiver.Port}/hook");
        publicView.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString().ShouldBe(SecretAnswer);

        foreach (var host in new[] { "innocent.test", "intranet.test" })
        {
            var (view, _) = await DeliveredViewsAsync(server, client, $"http://{host}:{receiver.Port}/hook");
            view.GetRawText().ShouldNotContain(LocalSecret, customMessage: host);
            view.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString()
                .ShouldBe(ExcerptPolicy.Withheld, host);
        }
    }

    [Fact]
    public async Task Deliveries_to_one_destination_share_a_kept_connection()
    {
        await using var receiver = await SecretReceiverAsync();
        var network = new FakeNetwork(receiver.Port);
        network.Names["shop.test"] = [IPAddress.Parse("93.184.216.34")];
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookAllowPrivate = true;
            o.WebhookShowPrivateExcerpts = false;
        }, services: s => s.AddSingleton<IWebhookNetwork>(network));
        var client = server.Signed(await server.CreateMerchantAsync());
        var url = $"http://shop.test:{receiver.Port}/hook";

        for (var i = 0; i < 3; i++)
        {
            var (view, _) = await DeliveredViewsAsync(server, client, url);
            view.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString().ShouldBe(SecretAnswer);
        }

        network.Connects.Count.ShouldBe(1); // Three events, one kept connection.
    }

    [Fact]
    public void Once_any_connection_of_a_destination_reached_a_private_address_its_answers_stay_withheld()
    {
        // A kept connection cannot say which address served an answer, so the least public address seen decides.
        var connected = new ConnectedDestination();
        connected.Record(IPAddress.Parse("93.184.216.34"));
        connected.Kind.ShouldBe(AddressKind.Public);
        connected.Record(IPAddress.Parse("10.1.2.3"));
        connected.Record(IPAddress.Parse("93.184.216.35"));
        connected.Kind.ShouldBe(AddressKind.Private);
        ExcerptPolicy.Apply("answer", connected, new CitrineOptions()).ShouldBe(ExcerptPolicy.Withheld);
    }

    [Fact]
    public async Task A_server_on_the_library_defaults_refuses_loopback_destinations()
    {
        await using var receiver = await SecretReceiverAsync();
        var options = new CitrineOptions
        {
            DataDirectory = TestDatabases.NewSqliteDirectory(),
            AdminToken = TestServer.AdminTokenValue,
            WebhookRetryMs = [60_000],
            WebhookPollIntervalMs = 20,
        };
        if (store == Store.Postgres)
        {
            options.Storage = "postgres";
            options.PostgresConnectionString = await TestDatabases.NewPostgresDatabaseAsync();
        }

        await using var server = await TestServer.StartAsync(store, reuse: options);
        var client = server.Signed(await server.CreateMerchantAsync());
        await CloseNewOrderAsync(client, receiver.Url);
        var eventId = EventId(await LatestEventAsync(server, client.Merchant.MerchantId));
        var detail = await WaitForEventAsync(server, eventId, d => Attempts(d) >= 1, "attempted");

        detail.GetProperty("attempts")[0].GetProperty("error").GetString()!
            .ShouldContain("is a loopback address; set Citrine:WebhookAllowLoopback to allow it");
        receiver.All.ShouldBeEmpty();
    }

    private static string SecretAnswer => $$"""{"returnCode":"SUCCESS","internal":"{{LocalSecret}}"}""";

    private static async Task<LoopbackReceiver> SecretReceiverAsync()
    {
        var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = new Reply(200, SecretAnswer);
        return receiver;
    }

    /// <summary>Sends one event to <paramref name="url"/>; returns the merchant's and the admin's view once delivered.</summary>
    private static async Task<(JsonElement Merchant, JsonElement Admin)> DeliveredViewsAsync(TestServer server,
        SignedHttp client, string url)
    {
        var prepayId = await CloseNewOrderAsync(client, url);
        var latest = await LatestEventAsync(server, client.Merchant.MerchantId);
        latest.GetProperty("bizIdStr").GetString().ShouldBe(prepayId); // Closing the order wrote this event.
        var eventId = EventId(latest);
        var admin = await WaitForStateAsync(server, eventId, "DELIVERED");
        var answer = await client.PostAsync("/sandbox/webhooks/event", new { eventId });
        answer.Code.ShouldBe("000000", answer.ToString());
        return (answer.Data, admin);
    }
}

public sealed class SqliteExcerptExposureTests() : ExcerptExposureTests(Store.Sqlite);

public sealed class PostgresExcerptExposureTests() : ExcerptExposureTests(Store.Postgres);

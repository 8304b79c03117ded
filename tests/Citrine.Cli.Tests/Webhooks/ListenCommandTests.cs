using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Application;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Webhooks;

/// <summary><c>citrine listen</c> end to end against a real server, forwarding to a loopback receiver.</summary>
public abstract class ListenCommandTests(Store store)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Listen_forwards_each_event_with_its_exact_signed_body_and_prints_it_verified()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);
        using var cts = new CancellationTokenSource(Patience);
        var run = CliRun.Start(cts.Token, "listen", "--server", server.BaseUri.ToString(), "--api-key",
            merchant.ApiKey, "--api-secret", merchant.ApiSecret, "--forward-to", receiver.Url, "--max-events", "2");
        await run.WaitForAsync("Ready!");

        var closed = new[] { await CloseNewOrderAsync(client), await CloseNewOrderAsync(client) };
        (await run.Exit.WaitAsync(Patience)).ShouldBe(0, run.Output);

        var forwarded = await receiver.NextAsync(2, Patience);
        forwarded.Select(BizId).ShouldBe(closed);
        var certificates = (await client.PostAsync("/binancepay/openapi/certificates", new { })).Data
            .EnumerateArray()
            .Select(c => (c.GetProperty("certSerial").GetString()!, c.GetProperty("certPublic").GetString()!))
            .ToList();
        forwarded.ShouldAllBe(hook => ReferenceWebhookVerifier.Verifies(hook, certificates));
        forwarded.ShouldAllBe(hook => hook.Header("Content-Type")!.StartsWith("application/json"));
        var events = await server.Http.GetFromJsonAsync<JsonElement>($"/admin/merchants/{merchant.MerchantId}/events");
        foreach (var hook in forwarded)
        {
            var eventId = events.GetProperty("data").EnumerateArray()
                .First(e => e.GetProperty("bizIdStr").GetString() == BizId(hook)).GetProperty("eventId").GetInt64();
            var detail = await server.Http.GetFromJsonAsync<JsonElement>($"/admin/events/{eventId}");
            hook.BodyText.ShouldBe(detail.GetProperty("data").GetProperty("body").GetString());
        }

        foreach (var prepayId in closed)
        {
            run.Output.ShouldContain($"--> PAY PAY_CLOSED bizId={prepayId}");
        }

        run.Output.Split('\n').Count(l => l.Contains("signature verified", StringComparison.Ordinal)).ShouldBe(2);
        run.Output.ShouldContain("<-- [200 OK] POST " + receiver.Url);
        run.Output.ShouldContain("Stopped after 2 event(s).");
    }

    [Fact]
    public async Task Listen_stops_cleanly_when_cancelled_and_fails_with_the_result_code_on_a_wrong_secret()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var merchant = await server.CreateMerchantAsync();
        using var cts = new CancellationTokenSource(Patience);
        var run = CliRun.Start(cts.Token, "listen", "--server", server.BaseUri.ToString(), "--api-key",
            merchant.ApiKey, "--api-secret", merchant.ApiSecret);
        await run.WaitForAsync("Ready!");
        await cts.CancelAsync();
        (await run.Exit.WaitAsync(Patience)).ShouldBe(0, run.Output);
        run.Output.ShouldContain("Stopped after 0 event(s).");

        var wrong = CliRun.Start(CancellationToken.None, "listen", "--server", server.BaseUri.ToString(), "--api-key",
            merchant.ApiKey, "--api-secret", new string('a', 64), "--max-events", "1");
        (await wrong.Exit.WaitAsync(Patience)).ShouldBe(1);
        wrong.Output.ShouldContain("400002");
    }

    [Fact]
    public async Task Cert_rotate_lists_the_new_and_the_previous_certificate()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var before = await server.Http.GetFromJsonAsync<JsonElement>("/admin/certificates");
        var oldSerial = before.GetProperty("data")[0].GetProperty("certSerial").GetString()!;
        var run = CliRun.Start(CancellationToken.None, "cert", "rotate", "--server", server.BaseUri.ToString(),
            "--admin-token", TestServer.AdminTokenValue);
        (await run.Exit.WaitAsync(Patience)).ShouldBe(0, run.Output);

        var after = (await server.Http.GetFromJsonAsync<JsonElement>("/admin/certificates")).GetProperty("data");
        after.GetArrayLength().ShouldBe(2);
        after[1].GetProperty("certSerial").GetString().ShouldBe(oldSerial);
        run.Output.ShouldContain(after[0].GetProperty("certSerial").GetString()!);
        run.Output.ShouldContain(oldSerial);
    }

    private static void Fast(CitrineOptions options)
    {
        options.WebhookRetryMs = [40, 40, 40, 40, 40, 40];
        options.WebhookPollIntervalMs = 20;
    }

    private static async Task<string> CloseNewOrderAsync(SignedHttp client)
    {
        var created = await client.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        created.Code.ShouldBe("000000", created.ToString());
        var prepayId = created.Data.GetProperty("prepayId").GetString()!;
        (await client.PostAsync("/binancepay/openapi/order/close", new { prepayId })).Code.ShouldBe("000000");
        return prepayId;
    }

    private static string BizId(ReceivedRequest hook) =>
        JsonDocument.Parse(hook.Body).RootElement.GetProperty("bizId").GetRawText();
}

public sealed class SqliteListenCommandTests() : ListenCommandTests(Store.Sqlite);

public sealed class PostgresListenCommandTests() : ListenCommandTests(Store.Postgres);

using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>Helpers of the webhook tests: orders with a webhook URL, the admin view of events, a reference verifier.</summary>
internal static class WebhookKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<(string PrepayId, string TradeNo)> CreateOrderAsync(SignedHttp client,
        string? webhookUrl, string? passThroughInfo = null)
    {
        var body = Orders.V2();
        if (webhookUrl is not null)
        {
            body["webhookUrl"] = webhookUrl;
        }

        if (passThroughInfo is not null)
        {
            body["passThroughInfo"] = passThroughInfo;
        }

        var answer = await client.PostAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return (answer.Data.GetProperty("prepayId").GetString()!, (string)body["merchantTradeNo"]!);
    }

    public static async Task CloseAsync(SignedHttp client, string prepayId)
    {
        var answer = await client.PostAsync("/binancepay/openapi/order/close", new { prepayId });
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    /// <summary>Creates an order that sends to <paramref name="webhookUrl"/> and closes it; returns the prepayId.</summary>
    public static async Task<string> CloseNewOrderAsync(SignedHttp client, string? webhookUrl)
    {
        var (prepayId, _) = await CreateOrderAsync(client, webhookUrl);
        await CloseAsync(client, prepayId);
        return prepayId;
    }

    public static async Task<JsonElement> AdminAsync(TestServer server, string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        var answer = await SignedHttp.SendAsync(server.Http, request);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }

    /// <summary>The merchant's newest event (the admin view).</summary>
    public static async Task<JsonElement> LatestEventAsync(TestServer server, long merchantId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var events = await AdminAsync(server, $"/admin/merchants/{merchantId}/events");
            if (events.GetArrayLength() > 0)
            {
                return events[0];
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no webhook event was written");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the event matches <paramref name="done"/>; returns its detail (event, body, attempts).</summary>
    public static async Task<JsonElement> WaitForEventAsync(TestServer server, long eventId,
        Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var detail = await AdminAsync(server, $"/admin/events/{eventId}");
            if (done(detail))
            {
                return detail;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"event {eventId} never {what}: {detail}");
            await Task.Delay(50);
        }
    }

    public static Task<JsonElement> WaitForStateAsync(TestServer server, long eventId, string state) =>
        WaitForEventAsync(server, eventId, d => State(d) == state, "reached " + state);

    public static string State(JsonElement detail) => detail.GetProperty("event").GetProperty("state").GetString()!;

    public static int Attempts(JsonElement detail) => detail.GetProperty("event").GetProperty("attempts").GetInt32();

    public static long EventId(JsonElement view) => view.GetProperty("eventId").GetInt64();

    public static async Task<IReadOnlyList<(string Serial, string Pem)>> CertificatesAsync(SignedHttp client)
    {
        var answer = await client.PostAsync("/binancepay/openapi/certificates", new { });
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.EnumerateArray()
            .Select(c => (c.GetProperty("certSerial").GetString()!, c.GetProperty("certPublic").GetString()!))
            .ToList();
    }

    /// <summary>The verifier written from docs/api-reference.md#webhook-signature only (see
    /// <see cref="ReferenceWebhookVerifier"/>).</summary>
    public static bool VerifiesPerReference(ReceivedRequest webhook,
        IEnumerable<(string Serial, string Pem)> certificates) => ReferenceWebhookVerifier.Verifies(webhook, certificates);

    /// <summary>bizId (the raw JSON number) of a delivery.</summary>
    public static string BizId(ReceivedRequest webhook) =>
        JsonDocument.Parse(webhook.Body).RootElement.GetProperty("bizId").GetRawText();

    /// <summary>Writes outbox rows directly, as a payment or refund transition would (one transaction).</summary>
    public static Task InsertEventsAsync(TestServer server, long merchantId, string? webhookUrl,
        params (string Stream, long BizId, string BizStatus)[] events) =>
        server.Database.WriteAsync(async (connection, ct) =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var (stream, bizId, bizStatus) in events)
            {
                await using var command = connection.CreateCommand();
                command.CommandText =
                    """
                    INSERT INTO webhook_outbox (merchant_id, stream_key, biz_type, biz_id, biz_status, data_json,
                        webhook_url, next_attempt_at_ms, created_at_ms)
                    VALUES (@m, @s, 'PAY', @b, @st, @d, @u, @t, @t)
                    """;
                Add(command, "@m", merchantId);
                Add(command, "@s", stream);
                Add(command, "@b", bizId);
                Add(command, "@st", bizStatus);
                Add(command, "@d", $"{{\"merchantTradeNo\":\"{bizId}\",\"currency\":\"USDT\",\"totalFee\":1.00000000}}");
                Add(command, "@u", (object?)webhookUrl ?? DBNull.Value);
                Add(command, "@t", now);
                await command.ExecuteNonQueryAsync(ct);
            }

            return 0;
        }, CancellationToken.None);

    public static long NewBizId() => 100_000_000_000_000_000 + Random.Shared.NextInt64(1, 899_999_999_999_999_999);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>One server per test class and store, with the fast retry schedule.</summary>
public sealed class SqliteWebhookServer() : ServerFixture(Store.Sqlite, ServerTuning.FastWebhooks);

public sealed class PostgresWebhookServer() : ServerFixture(Store.Postgres, ServerTuning.FastWebhooks);

using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>Paths of the direct-debit endpoints.</summary>
internal static class DirectDebitPaths
{
    public const string Create = "/binancepay/openapi/direct-debit/contract";
    public const string Query = "/binancepay/openapi/direct-debit/contract/query";
    public const string Terminate = "/binancepay/openapi/direct-debit/contract/termination";
    public const string SandboxSign = "/sandbox/direct-debit/contracts/sign";
    public const string SandboxTerminate = "/sandbox/direct-debit/contracts/terminate";
}

/// <summary>Create Contract bodies: a valid one-off contract, and a valid monthly one.</summary>
internal static class ContractBodies
{
    public static string NewCode() => "c" + Guid.NewGuid().ToString("N")[..24];

    public static JsonObject OneOff(string? code = null) => new()
    {
        ["merchantContractCode"] = code ?? NewCode(),
        ["serviceName"] = "Premium plan",
        ["scenarioCode"] = "Membership",
        ["singleUpperLimit"] = 5m,
        ["currency"] = "USDT",
        ["periodic"] = false,
        ["merchantAccountNo"] = "alice@example.com",
    };

    public static JsonObject Monthly(long nowMs, string? code = null)
    {
        var body = OneOff(code);
        body["periodic"] = true;
        body["cycleDebitFixed"] = true;
        body["cycleType"] = "MONTH";
        body["cycleValue"] = 1;
        body["firstDeductTime"] = DayOfMonthAfter(nowMs, 10);
        return body;
    }

    /// <summary>The first moment (12:00 UTC) on <paramref name="day"/> of a month that is at least two days ahead.</summary>
    public static long DayOfMonthAfter(long nowMs, int day)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(nowMs).AddDays(2);
        var candidate = new DateTimeOffset(from.Year, from.Month, 1, 12, 0, 0, TimeSpan.Zero).AddDays(day - 1);
        if (candidate < from)
        {
            candidate = candidate.AddMonths(1);
        }

        return candidate.ToUnixTimeMilliseconds();
    }
}

/// <summary>One row of <c>webhook_outbox</c>, as the test reads it back from the database.</summary>
internal sealed record OutboxRow(string StreamKey, string BizType, long BizId, string BizStatus, string DataJson,
    string? WebhookUrl)
{
    public JsonElement Data => JsonDocument.Parse(DataJson).RootElement;
}

internal static class DirectDebitTestExtensions
{
    /// <summary>A new merchant whose direct debit is enabled through the admin API.</summary>
    public static async Task<SignedHttp> NewDirectDebitMerchantAsync(this TestServer server, bool enabled = true)
    {
        var merchant = await server.CreateMerchantAsync();
        if (enabled)
        {
            await server.SetDirectDebitAsync(merchant.MerchantId, true);
        }

        return server.Signed(merchant);
    }

    public static async Task SetDirectDebitAsync(this TestServer server, long merchantId, bool enabled)
    {
        using var response = await server.Http.PostAsJsonAsync($"/admin/merchants/{merchantId}",
            new { directDebitEnabled = enabled });
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        envelope.GetProperty("data").GetProperty("directDebitEnabled").GetBoolean().ShouldBe(enabled);
    }

    /// <summary>Sends a signed request stamped with the given clock (for servers on a fake clock).</summary>
    public static Task<Answer> PostAtAsync(this SignedHttp client, string path, object body, TimeProvider time) =>
        client.PostRawAsync(path, body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body),
            timestampMs: time.GetUtcNow().ToUnixTimeMilliseconds());

    public static Task<Answer> PostNodeAsync(this SignedHttp client, string path, JsonNode body) =>
        client.PostRawAsync(path, body.ToJsonString());

    /// <summary>Creates a valid contract and returns the create answer's data.</summary>
    public static async Task<JsonElement> CreateContractAsync(this SignedHttp client, JsonObject? body = null)
    {
        var answer = await client.PostNodeAsync(DirectDebitPaths.Create, body ?? ContractBodies.OneOff());
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }

    /// <summary>A sandbox buyer of the calling merchant (signed <c>POST /sandbox/buyers</c>); returns its id.</summary>
    public static async Task<long> NewBuyerAsync(this SignedHttp client, string name = "Signer")
    {
        var answer = await client.PostAsync("/sandbox/buyers", new { name });
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetProperty("buyerId").GetInt64();
    }

    /// <summary>Signs through the sandbox helper and returns the contract (Query Contract shape).</summary>
    public static async Task<JsonElement> SignAsync(this SignedHttp client, string merchantContractCode, long buyerId)
    {
        var answer = await client.PostAsync(DirectDebitPaths.SandboxSign,
            new { merchantContractCode, buyerId });
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }

    public static Task<Answer> QueryByCodeAsync(this SignedHttp client, string merchantContractCode) =>
        client.PostAsync(DirectDebitPaths.Query, new { merchantContractCode });

    /// <summary>The merchant's outbox rows, oldest first.</summary>
    public static Task<List<OutboxRow>> OutboxAsync(this TestServer server, long merchantId) =>
        server.Database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                """
                SELECT stream_key, biz_type, biz_id, biz_status, data_json, webhook_url FROM webhook_outbox
                WHERE merchant_id = @m ORDER BY event_id
                """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@m";
            parameter.Value = merchantId;
            command.Parameters.Add(parameter);
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<OutboxRow>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new OutboxRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            return rows;
        }, CancellationToken.None);

    /// <summary>Waits (up to 10 s) until the merchant's outbox holds at least <paramref name="count"/> rows.</summary>
    public static async Task<List<OutboxRow>> OutboxEventuallyAsync(this TestServer server, long merchantId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var rows = await server.OutboxAsync(merchantId);
            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(50);
        }
    }
}

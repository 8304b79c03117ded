using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Storage;

namespace Citrine.Testing;

/// <summary>Buyers, sandbox helpers and ledger probes for tests, over the admin API and the database.</summary>
public static class Sandbox
{
    /// <summary>Creates a buyer through the admin API; returns its id.</summary>
    public static async Task<long> CreateBuyerAsync(this TestServer server, string name = "Alice",
        Dictionary<string, object>? funds = null)
    {
        var answer = await server.AdminPostAsync("/admin/buyers", new { name, funds });
        if (answer.Code != "000000")
        {
            throw new InvalidOperationException($"create buyer failed: {answer}");
        }

        return answer.Data.GetProperty("buyerId").GetInt64();
    }

    public static async Task<Answer> AdminPostAsync(this TestServer server, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await SignedHttp.SendAsync(server.Http, request);
    }

    public static async Task<Answer> AdminGetAsync(this TestServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SignedHttp.SendAsync(server.Http, request);
    }

    /// <summary>A buyer's balances as the admin API shows them (asset → 8-decimal string).</summary>
    public static async Task<Dictionary<string, string>> BuyerBalancesAsync(this TestServer server, long buyerId)
    {
        var answer = await server.AdminGetAsync($"/admin/buyers/{buyerId}");
        return answer.Data.GetProperty("balances").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>Creates a v2 (or given) order and returns its prepayId.</summary>
    public static async Task<long> CreateOrderAsync(this SignedHttp client, Dictionary<string, object?>? body = null,
        string path = "/binancepay/openapi/v2/order")
    {
        var answer = await client.PostAsync(path, body ?? Orders.V2());
        if (answer.Code != "000000")
        {
            throw new InvalidOperationException($"create order failed: {answer}");
        }

        return long.Parse(answer.Data.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
    }

    public static Task<Answer> SandboxPayAsync(this SignedHttp client, long prepayId, long buyerId,
        string? payCurrency = null) =>
        client.PostAsync("/sandbox/orders/pay", new Dictionary<string, object?>
        {
            ["prepayId"] = prepayId.ToString(CultureInfo.InvariantCulture),
            ["buyerId"] = buyerId,
            ["payCurrency"] = payCurrency,
        });

    public static Task<Answer> QueryAsync(this SignedHttp client, long prepayId) =>
        client.PostAsync("/binancepay/openapi/v2/order/query",
            new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) });

    public static Task<Answer> CloseAsync(this SignedHttp client, long prepayId) =>
        client.PostAsync("/binancepay/openapi/order/close",
            new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Runs a query on the server's database and maps each row; for probes the public API does not
    /// offer.</summary>
    public static Task<List<T>> QueryDbAsync<T>(this TestServer server, string sql, Func<DbDataReader, T> map,
        params (string Name, object Value)[] parameters) => server.Database.QueryDbAsync(sql, map, parameters);

    public static Task<List<T>> QueryDbAsync<T>(this Database database, string sql, Func<DbDataReader, T> map,
        params (string Name, object Value)[] parameters) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }, CancellationToken.None);

    /// <summary>Runs a COUNT query on the database.</summary>
    public static async Task<long> CountAsync(this Database database, string sql,
        params (string Name, object Value)[] parameters) =>
        (await database.QueryDbAsync(sql, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
            parameters)).Single();

    /// <summary>The materialised balance of an account in an asset (0 when it has none).</summary>
    public static async Task<long> BalanceUnitsAsync(this TestServer server, string account, string asset)
    {
        var rows = await server.QueryDbAsync("SELECT units FROM balances WHERE account = @a AND asset = @s",
            r => r.GetInt64(0), ("@a", account), ("@s", asset));
        return rows.Count == 0 ? 0 : rows[0];
    }

    /// <summary>The webhook outbox rows of an order: (bizStatus, data_json), oldest first.</summary>
    public static Task<List<(string BizType, string BizStatus, string DataJson)>> OutboxOfAsync(this TestServer server,
        long prepayId) =>
        server.QueryDbAsync("SELECT biz_type, biz_status, data_json FROM webhook_outbox WHERE biz_id = @p ORDER BY event_id",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)), ("@p", prepayId));

    /// <summary>Runs the ledger auditor; empty when every invariant holds.</summary>
    public static Task<IReadOnlyList<string>> AuditAsync(this TestServer server) =>
        new LedgerAuditor(server.Database).AuditAsync();

    public static JsonElement ParseJson(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Citrine.Application;
using Citrine.Cli.Tests.Configuration;
using Citrine.Storage;
using Citrine.Testing;

namespace Citrine.Cli.Tests.ScaleOut;

/// <summary>
/// Three real <c>citrine serve</c> processes on one PostgreSQL database, as docs/deployment.md describes: the same
/// master key and admin token, nothing else shared. One merchant, one shared funded buyer, and a signed client per node.
/// </summary>
internal sealed class ThreeNodes : IAsyncDisposable
{
    private readonly string _adminToken = "nodes-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<(CliProcess Process, HttpClient Http)> _nodes = [];

    private ThreeNodes(string connectionString, LoopbackReceiver receiver)
    {
        ConnectionString = connectionString;
        Receiver = receiver;
    }

    public string ConnectionString { get; }

    public LoopbackReceiver Receiver { get; }

    /// <summary>The merchant's signed client on each node, by node index.</summary>
    public IReadOnlyList<SignedHttp> Clients { get; private set; } = [];

    public long BuyerId { get; private set; }

    public static async Task<ThreeNodes> StartAsync()
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var nodes = new ThreeNodes(await TestDatabases.NewPostgresDatabaseAsync(), receiver);
        // The first node migrates the empty database; the other two then start together.
        await nodes.StartNodeAsync();
        await Task.WhenAll(nodes.StartNodeAsync(), nodes.StartNodeAsync());

        var admin = nodes._nodes[0].Http;
        using var created = await admin.PostAsJsonAsync("/admin/merchants",
            new { name = "Scale-out Shop", webhookUrl = receiver.Url });
        var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var merchant = new TestMerchant(data.GetProperty("merchant").GetProperty("merchantId").GetInt64(),
            data.GetProperty("apiKey").GetString()!, data.GetProperty("apiSecret").GetString()!);
        nodes.Clients = [.. nodes._nodes.Select(node => new SignedHttp(node.Http, merchant))];

        using var buyer = await admin.PostAsJsonAsync("/admin/buyers",
            new { name = "Scale-out Buyer", shared = true, funds = new Dictionary<string, string> { ["USDT"] = "10000000" } });
        nodes.BuyerId = (await buyer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")
            .GetProperty("buyerId").GetInt64();
        return nodes;
    }

    /// <summary>Ends a node as <c>kill -9</c> does: no shutdown hook, no hand-over, claims left behind.</summary>
    public Task KillAsync(int node) => _nodes[node].Process.KillAsync();

    /// <summary>The ledger auditor over the shared database.</summary>
    public async Task<IReadOnlyList<string>> AuditAsync()
    {
        await using var database = await StorageFactory.OpenAsync(
            new CitrineOptions { Storage = "postgres", PostgresConnectionString = ConnectionString },
            CancellationToken.None);
        return await new LedgerAuditor(database).AuditAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, http) in _nodes)
        {
            await process.DisposeAsync();
            http.Dispose();
        }

        await Receiver.DisposeAsync();
    }

    private async Task StartNodeAsync()
    {
        var (process, http) = await ServeProcess.StartAsync(new Dictionary<string, string>
        {
            ["Citrine__AdminToken"] = _adminToken,
            ["Citrine__MasterKey"] = _masterKey,
            ["Citrine__TimestampWindowMs"] = "60000",
            ["Citrine__WebhookPollIntervalMs"] = "20",
            ["Citrine__WebhookRetryMs"] = "200,400,800",
            // A dead node's claims come back after timeout + margin: 3 s here instead of 40 s.
            ["Citrine__WebhookTimeoutMs"] = "2000",
            ["Citrine__WebhookLeaseMarginMs"] = "1000",
            ["Citrine__SweepIntervalMs"] = "100",
        }, _adminToken,
            "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory(), "--storage", "postgres",
            "--postgres", ConnectionString);
        lock (_nodes)
        {
            _nodes.Add((process, http));
        }
    }
}

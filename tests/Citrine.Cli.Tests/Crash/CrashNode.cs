using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Citrine.Application;
using Citrine.Cli.Tests.Configuration;
using Citrine.Storage;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Crash;

/// <summary>
/// One real <c>citrine serve</c> process that a test kills as <c>kill -9</c> does and starts again on the same data
/// (a SQLite data directory or a PostgreSQL database), with the same master key and admin token, as an operator's
/// supervisor would. One merchant whose webhooks go to <see cref="Receiver"/>; the clients follow the live process.
/// </summary>
internal sealed class CrashNode : IAsyncDisposable
{
    private readonly string _adminToken = "crash-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _dataDirectory = TestDatabases.NewSqliteDirectory();
    private readonly string? _postgres;
    private readonly Dictionary<string, string> _settings;
    private CliProcess? _process;
    private HttpClient? _admin;
    private SignedHttp? _client;

    // Clients of dead processes stay open until the node is disposed: a worker that read the old client just before a
    // restart must see the dead port's connection error (which the tests retry on), not ObjectDisposedException.
    private readonly List<HttpClient> _retired = [];

    private CrashNode(string? postgres, LoopbackReceiver receiver, Dictionary<string, string> settings)
    {
        _postgres = postgres;
        Receiver = receiver;
        _settings = settings;
    }

    public LoopbackReceiver Receiver { get; }

    public TestMerchant Merchant { get; private set; } = new(0, "", "");

    /// <summary>The merchant's signed client on the live process (a new one after each restart).</summary>
    public SignedHttp Client => Volatile.Read(ref _client) ?? throw new InvalidOperationException("not running");

    /// <summary>The administrator's client on the live process.</summary>
    public HttpClient Admin => Volatile.Read(ref _admin) ?? throw new InvalidOperationException("not running");

    /// <summary>Starts the first process and creates the merchant. <paramref name="settings"/> add to the defaults.</summary>
    public static async Task<CrashNode> StartAsync(bool postgres, Dictionary<string, string>? settings = null)
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Citrine__TimestampWindowMs"] = "60000",
            ["Citrine__WebhookPollIntervalMs"] = "20",
            ["Citrine__WebhookRetryMs"] = "200,400,800",
            // A dead process's delivery claims come back after timeout + margin: 3 s here instead of 40 s.
            ["Citrine__WebhookTimeoutMs"] = "2000",
            ["Citrine__WebhookLeaseMarginMs"] = "1000",
            ["Citrine__SweepIntervalMs"] = "100",
        };
        foreach (var (name, value) in settings ?? [])
        {
            defaults[name] = value;
        }

        var node = new CrashNode(postgres ? await TestDatabases.NewPostgresDatabaseAsync() : null, receiver, defaults);
        try
        {
            await node.StartProcessAsync();
            using var created = await node.Admin.PostAsJsonAsync("/admin/merchants",
                new { name = "Crash Shop", webhookUrl = receiver.Url });
            var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            node.Merchant = new TestMerchant(data.GetProperty("merchant").GetProperty("merchantId").GetInt64(),
                data.GetProperty("apiKey").GetString()!, data.GetProperty("apiSecret").GetString()!);
            Volatile.Write(ref node._client, new SignedHttp(node.Admin, node.Merchant));
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>An admin call on the live process; returns its <c>data</c>.</summary>
    public async Task<JsonElement> AdminPostAsync(string path, object body)
    {
        using var answer = await Admin.PostAsJsonAsync(path, body);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        if (json.GetProperty("code").GetString() != "000000")
        {
            throw new InvalidOperationException($"{path}: {json}");
        }

        return json.GetProperty("data").Clone();
    }

    public async Task<JsonElement> AdminGetAsync(string path)
    {
        var json = await Admin.GetFromJsonAsync<JsonElement>(path);
        return json.GetProperty("data").Clone();
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, claims and leases left behind.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("not running");
        await process.KillAsync();
    }

    /// <summary>Starts a new process on the same data after a kill.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var old = _admin;
        await StartProcessAsync();
        Volatile.Write(ref _client, new SignedHttp(Admin, Merchant));
        if (old is not null)
        {
            _retired.Add(old);
        }
    }

    /// <summary>Opens the data directly (the process must be dead or the storage PostgreSQL) for a probe.</summary>
    public async Task<T> WithDatabaseAsync<T>(Func<Database, Task<T>> probe)
    {
        var options = _postgres is null
            ? new CitrineOptions { Storage = "sqlite", DataDirectory = _dataDirectory }
            : new CitrineOptions { Storage = "postgres", PostgresConnectionString = _postgres };
        await using var database = await StorageFactory.OpenAsync(options, CancellationToken.None);
        return await probe(database);
    }

    /// <summary>The ledger auditor over the node's data.</summary>
    public Task<IReadOnlyList<string>> AuditAsync() => WithDatabaseAsync(d => new LedgerAuditor(d).AuditAsync());

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _admin?.Dispose();
        _retired.ForEach(c => c.Dispose());
        await Receiver.DisposeAsync();
    }

    private async Task StartProcessAsync()
    {
        var environment = new Dictionary<string, string>(_settings, StringComparer.Ordinal)
        {
            ["Citrine__AdminToken"] = _adminToken,
            ["Citrine__MasterKey"] = _masterKey,
        };
        string[] args = _postgres is null
            ? ["serve", "--port", "0", "--data-dir", _dataDirectory]
            : ["serve", "--port", "0", "--data-dir", _dataDirectory, "--storage", "postgres", "--postgres", _postgres];
        var (process, admin) = await ServeProcess.StartAsync(environment, _adminToken, args);
        _process = process;
        Volatile.Write(ref _admin, admin);
    }
}

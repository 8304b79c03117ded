using Citrine.Application;
using Citrine.Server;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// The server under load: one the bench starts in-process (<see cref="CitrineApp.BuildAsync"/> as <c>citrine
/// serve</c> does, on 127.0.0.1:0, a fresh temporary data directory, a random admin token), or one at --server. The
/// benchmark merchant comes from the admin API (<c>POST /admin/merchants</c>, as <c>citrine merchant create</c>)
/// unless --api-key names one.
/// </summary>
internal sealed class BenchTarget : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly string? _dataDirectory;

    private BenchTarget(Uri baseUri, WebApplication? app, string? dataDirectory, string? storage, string? adminToken)
    {
        BaseUri = baseUri;
        _app = app;
        _dataDirectory = dataDirectory;
        Storage = storage;
        AdminToken = adminToken;
    }

    public Uri BaseUri { get; }

    public string? Storage { get; }

    public string? AdminToken { get; }

    public bool SelfStarted => _app is not null;

    /// <summary>The database of a self-started server (for --seed).</summary>
    public Database? Database => _app?.Services.GetRequiredService<Database>();

    public string ApiKey { get; private set; } = "";

    public string ApiSecret { get; private set; } = "";

    public long? MerchantId { get; private set; }

    public bool MerchantCreated { get; private set; }

    public static async Task<BenchTarget> StartAsync(string storage, string? postgres,
        CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "citrine-bench", Ids.NewToken(12));
        Directory.CreateDirectory(dataDirectory);
        var options = new CitrineOptions
        {
            Storage = storage,
            DataDirectory = dataDirectory,
            PostgresConnectionString = postgres,
            AdminToken = Ids.NewToken(40),
            // The webhook-dispatch scenario delivers to the bench's own receiver on 127.0.0.1, as `serve` allows.
            WebhookAllowLoopback = true,
        };
        // Errors only: under load the server's warnings (e.g. events of orders without a webhookUrl) would bury the
        // progress display.
        var app = await CitrineApp.BuildAsync(options, ["http://127.0.0.1:0"], minimumLogLevel: LogLevel.Error,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new BenchTarget(new Uri(address.TrimEnd('/') + "/"), app, dataDirectory, storage, options.AdminToken);
    }

    public static BenchTarget Remote(string server, string? adminToken) =>
        new(new Uri(server.TrimEnd('/') + "/"), null, null, null, adminToken);

    public AdminClient? NewAdminClient() => AdminToken is null
        ? null
        : new AdminClient(BaseUri.ToString(), AdminToken, _dataDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>Uses the given key, or creates "Bench Merchant" with a key through the admin API.</summary>
    public async Task UseMerchantAsync(string? apiKey, string? apiSecret, CancellationToken cancellationToken)
    {
        if (apiKey is not null && apiSecret is not null)
        {
            (ApiKey, ApiSecret) = (apiKey, apiSecret);
            return;
        }

        using var admin = NewAdminClient() ?? throw new InvalidOperationException(
            "--server needs --api-key and --api-secret, or --admin-token to create a benchmark merchant");
        var created = await admin.PostAsync("admin/merchants", new { name = "Bench Merchant" }, cancellationToken)
            .ConfigureAwait(false);
        ApiKey = created.GetProperty("apiKey").GetString()!;
        ApiSecret = created.GetProperty("apiSecret").GetString()!;
        MerchantId = created.GetProperty("merchant").GetProperty("merchantId").GetInt64();
        MerchantCreated = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the directory is under the system temp directory.
            }
        }
    }
}

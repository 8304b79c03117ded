using Citrine.Application;
using Citrine.Application.Auth;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Pricing;
using Citrine.Server.ApiDescription;
using Citrine.Server.Background;
using Citrine.Server.Configuration;
using Citrine.Server.Features.Admin;
using Citrine.Server.Features.Otc;
using Citrine.Server.Features.DirectDebit;
using Citrine.Application.Buyers;
using Citrine.Server.Features.Buyers;
using Citrine.Server.Features.Dashboard;
using Citrine.Server.Features.Faults;
using Citrine.Server.Features.Payments;
using Citrine.Server.Features.Payouts;
using Citrine.Server.Features.Partners;
using Citrine.Server.Features.ProfitSharing;
using Citrine.Server.Features.Refunds;
using Citrine.Server.Features.Reports;
using Citrine.Server.Features.Requests;
using Citrine.Server.Features.Wallets;
using Citrine.Server.Features.Webhooks;
using Citrine.Server.Health;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Citrine.Server.Logging;
using Citrine.Server.Telemetry;
using Citrine.Application.Telemetry;
using Citrine.Server.Webhooks;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server;

/// <summary>Builds the Citrine web application; used by <c>citrine serve</c> and by the tests alike.</summary>
public static class CitrineApp
{
    /// <summary>
    /// Builds (but does not start) the app listening on <paramref name="urls"/>. The console log format is
    /// <c>options.Logging.Format</c>; the level is <paramref name="minimumLogLevel"/> (tests and the bench keep it
    /// quiet; <c>serve</c> passes <c>Citrine:Logging:Level</c>).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(CitrineOptions options, string[] urls,
        TimeProvider? time = null, LogLevel minimumLogLevel = LogLevel.Warning,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        // The host's own appsettings.json is read without watching it: the watch covers the whole working directory,
        // where `data/` is by default, so every SQLite write woke the watcher (almost 5 % of the server's CPU under
        // create load, docs/performance.md#steady-state). citrine serve reads its settings once, before this.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        // Validates every setting and opens storage; a bad one is a one-line ConfigurationException.
        var (database, protector) = await StartupChecks.RunAsync(options, cancellationToken).ConfigureAwait(false);
        builder.Logging.AddCitrineConsole(options.Logging, minimumLogLevel);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton(protector);
        services.AddSingleton(AdminToken.Load(options));
        services.AddSingleton<CurrencyCatalog>();
        services.AddSingleton<IMerchantStore, SqlMerchantStore>();
        services.AddSingleton<IOrderStore, SqlOrderStore>();
        services.AddSingleton<IBackgroundFailureStore, SqlBackgroundFailureStore>();
        // Opened before the app is built, so the first request already sees the nonces and the restart fence.
        var nonces = new SqlNonceStore(database);
        await nonces.OpenAsync((time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds(),
            options.TimestampWindowMs, cancellationToken).ConfigureAwait(false);
        services.AddSingleton<INonceStore>(nonces);
        services.AddHostedService<NonceLifetime>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<MerchantAdmin>();
        services.AddSingleton<PayerVerifier>();
        services.AddSingleton<CreateOrderHandler>();
        services.AddSingleton<QueryOrderHandler>();
        services.AddSingleton<CloseOrderHandler>();
        services.AddSingleton<OrderExpiry>();
        services.AddHostedService<Sweeper>();
        services.AddDirectDebit();
        services.AddWebhooks();
        services.AddPayments(time ?? TimeProvider.System); // replaces TimeProvider with the sandbox clock
        services.AddRefunds();
        services.AddWallets();
        services.AddPayouts();
        services.AddConvert();
        services.AddProfitSharing();
        services.AddFaults();
        services.AddDashboard();
        services.AddReports();
        services.AddPartners();
        var endpoints = new EndpointRegistry(options.Sandbox);
        services.AddSingleton(endpoints);
        services.AddCitrineHealth();
        services.AddCitrineTelemetry(options);
        services.AddRequestJournal(options.Journal.Enabled);
        services.AddSingleton<IBacklogProbe, SqlBacklogProbe>();
        services.AddApiDescription();
        services.AddBackpressure(options);
        services.AddHostedService<NoncePruner>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseRequestTrace();
        app.UseBinanceErrors();
        app.UseRouting();
        app.UseBackpressure(options); // request writes refused when the queue is full; the per-key rate limit
        app.UseIngress(); // the one way in: every endpoint below with ingress metadata passes through it
        foreach (var declaration in endpoints.All)
        {
            app.MapDeclared(declaration);
        }

        var admin = app.MapIngressGroup("/admin", AuthPolicy.AdminToken);
        AdminEndpoints.MapReads(admin);
        BuyerEndpoints.MapReads(admin);
        WebhookAdminEndpoints.MapReads(admin);
        app.MapDirectDebit();
        app.MapPayments();
        app.MapDashboard();
        app.MapReports();
        app.MapPartners();
        app.MapGet("/health", () => BinanceEnvelope.Ok("ok"));
        app.MapCitrineHealth();
        app.MapCitrineTelemetry(options);
        app.MapApiDescription();
        return app;
    }

    /// <summary>
    /// The level named by <c>Citrine:Logging:Level</c>; a name the start-up checks reject reads as Information, since
    /// <see cref="BuildAsync"/> then stops before anything logs.
    /// </summary>
    public static LogLevel LogLevelOf(CitrineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Enum.TryParse<LogLevel>(options.Logging.Level, ignoreCase: true, out var level)
            ? level
            : LogLevel.Information;
    }
}

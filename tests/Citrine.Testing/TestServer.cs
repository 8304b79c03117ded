using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Application;
using Citrine.Server;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Testing;

/// <summary>Which storage a test runs against.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}

/// <summary>Credentials of a merchant created through the admin API.</summary>
public sealed record TestMerchant(long MerchantId, string ApiKey, string ApiSecret);

/// <summary>A real Citrine listening on 127.0.0.1 with a port picked by the OS.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string AdminTokenValue = "test-admin-token";

    private TestServer(WebApplication app, Uri baseUri, CitrineOptions options)
    {
        App = app;
        BaseUri = baseUri;
        Options = options;
        Http = new HttpClient { BaseAddress = baseUri };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminTokenValue);
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public CitrineOptions Options { get; }

    /// <summary>An HttpClient on the server with the admin token set.</summary>
    public HttpClient Http { get; }

    public Database Database => App.Services.GetRequiredService<Database>();

    public static async Task<TestServer> StartAsync(Store store, Action<CitrineOptions>? configure = null,
        TimeProvider? time = null, CitrineOptions? reuse = null, Action<IServiceCollection>? services = null)
    {
        var options = reuse ?? new CitrineOptions
        {
            DataDirectory = TestDatabases.NewSqliteDirectory(),
            AdminToken = AdminTokenValue,
            SweepIntervalMs = 100,
            WebhookAllowLoopback = true,
            WebhookShowPrivateExcerpts = true, // Receivers are on 127.0.0.1 (opt-in).
        };
        if (reuse is null && store == Store.Postgres)
        {
            options.Storage = "postgres";
            options.PostgresConnectionString = await TestDatabases.NewPostgresDatabaseAsync();
        }

        if (reuse is null)
        {
            configure?.Invoke(options);
        }

        var app = await CitrineApp.BuildAsync(options, ["http://127.0.0.1:0"], time, configureServices: services);
        await app.StartAsync();
        return new TestServer(app, LoopbackApp.AddressOf(app), options);
    }

    /// <summary>Creates a merchant (and its first key) through the admin API.</summary>
    public async Task<TestMerchant> CreateMerchantAsync(string name = "Test Shop", string? webhookUrl = null)
    {
        using var response = await Http.PostAsJsonAsync("/admin/merchants", new { name, webhookUrl });
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        var data = envelope.GetProperty("data");
        return new TestMerchant(data.GetProperty("merchant").GetProperty("merchantId").GetInt64(),
            data.GetProperty("apiKey").GetString()!, data.GetProperty("apiSecret").GetString()!);
    }

    /// <summary>Posts the technical-service-provider review page's form as <paramref name="merchant"/> would
    /// (<paramref name="decision"/> <c>approve</c> or <c>reject</c>); answers the HTTP status.</summary>
    public async Task<int> ReviewAuthorizationAsync(string authorizationId, TestMerchant merchant, string decision)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["authId"] = authorizationId,
            ["apiKey"] = merchant.ApiKey,
            ["apiSecret"] = merchant.ApiSecret,
            ["decision"] = decision,
        });
        using var response = await Http.PostAsync("/tsp/review-authorization", form);
        return (int)response.StatusCode;
    }

    /// <summary>A raw signed client for a merchant.</summary>
    public SignedHttp Signed(TestMerchant merchant) => new(Http, merchant);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

using Citrine.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CitrineClient"/> and <see cref="WebhookVerifier"/> as singletons, sending through
/// <c>IHttpClientFactory</c>.</summary>
public static class CitrineServiceCollectionExtensions
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client the SDK sends with.</summary>
    public const string HttpClientName = "Citrine.Client";

    /// <summary>Registers the client with settings bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A section with <c>BaseUri</c>, <c>ApiKey</c>, <c>ApiSecret</c> and optional
    /// retry settings (see <see cref="CitrineClientSettings"/>).</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    public static IHttpClientBuilder AddCitrineClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CitrineClientSettings>().Bind(configuration);
        return AddCore(services);
    }

    /// <summary>Registers the client with settings set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="CitrineClientSettings"/>.</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    public static IHttpClientBuilder AddCitrineClient(this IServiceCollection services,
        Action<CitrineClientSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CitrineClientSettings>().Configure(configure);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<CitrineClientSettings>>().Value;
            if (string.IsNullOrWhiteSpace(settings.ApiKey) || string.IsNullOrWhiteSpace(settings.ApiSecret))
            {
                throw new InvalidOperationException(
                    "Citrine client: ApiKey and ApiSecret must be configured (see CitrineClientSettings).");
            }

            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new CitrineClient(settings.BaseUri ?? CitrineClient.BinanceProductionUri,
                new CitrineCredential(settings.ApiKey, settings.ApiSecret), new CitrineClientOptions
                {
                    MaxRetries = settings.MaxRetries,
                    RetryDelay = settings.RetryDelay,
                    RetryDelayMax = settings.RetryDelayMax,
                    NetworkTimeout = settings.NetworkTimeout,
                    HttpClient = http,
                });
        });
        services.TryAddSingleton(provider => new WebhookVerifier(provider.GetRequiredService<CitrineClient>()));

        // The client is a singleton, so its HttpClient lives for the process: the handler is kept (no factory
        // rotation) and recycles its own connections instead, which keeps DNS changes visible.
        return services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}

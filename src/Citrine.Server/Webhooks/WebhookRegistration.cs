using Citrine.Application.Webhooks;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Citrine.Server.Webhooks;

/// <summary>Wires webhooks into the app: signing keys, the dispatcher, retention and the long-poll cap (the endpoints
/// are declarations).</summary>
internal static class WebhookRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookStore, SqlWebhookStore>();
        services.AddSingleton<IWebhookKeyStore, SqlWebhookKeyStore>();
        services.AddSingleton<WebhookKeyRing>();
        services.AddSingleton<RetrySchedule>();
        services.TryAddSingleton<IWebhookNetwork, SystemWebhookNetwork>();
        services.AddSingleton<DestinationGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookKeyInitializer>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<WebhookRetention>();
        services.AddSingleton<Features.Webhooks.LongPollGate>();
        return services;
    }

    /// <summary>Creates (or, on another node, loads) the signing key when the server starts.</summary>
    private sealed class WebhookKeyInitializer(WebhookKeyRing keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => keys.CurrentAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Citrine.Application;
using Citrine.Application.Webhooks;
using Citrine.Server.Features.Webhooks;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Citrine.Server.Webhooks;

/// <summary>Wires webhooks into the app: signing keys, the dispatcher, certificates, admin and sandbox endpoints.</summary>
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
        return services;
    }

    public static void MapWebhooks(this WebApplication app)
    {
        CertificateEndpoints.Map(app);
        WebhookAdminEndpoints.Map(app);
        if (app.Services.GetRequiredService<CitrineOptions>().Sandbox)
        {
            SandboxWebhookEndpoints.Map(app);
        }
    }

    /// <summary>Creates (or, on another node, loads) the signing key when the server starts.</summary>
    private sealed class WebhookKeyInitializer(WebhookKeyRing keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => keys.CurrentAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

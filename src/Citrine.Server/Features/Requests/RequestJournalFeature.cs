using Citrine.Application.Requests;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Requests;

/// <summary>Wiring of the request journal (docs/observability.md#request-journal; endpoint:
/// RequestJournalEndpoints; recorded by Http/Ingress/IngressMiddleware.cs).</summary>
internal static class RequestJournalFeature
{
    public static IServiceCollection AddRequestJournal(this IServiceCollection services, bool enabled)
    {
        services.AddSingleton<IRequestJournalStore, SqlRequestJournalStore>().AddSingleton<RequestJournal>();
        if (enabled)
        {
            services.AddHostedService<RequestJournalWriter>();
        }

        // Pruned even when recording is off, so that turning the journal off also empties it over time.
        return services.AddHostedService<RequestJournalPruner>();
    }
}

using Citrine.Application.Sandbox.Faults;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Faults;

/// <summary>Wiring of sandbox fault injection (docs/sandbox.md#fault-injection; endpoints: FaultEndpoints; applied
/// by the ingress through RequestFaults and by the webhook dispatcher).</summary>
internal static class FaultsFeature
{
    public static IServiceCollection AddFaults(this IServiceCollection services) => services
        .AddSingleton<IFaultStore, SqlFaultStore>()
        .AddSingleton<FaultInjector>();
}

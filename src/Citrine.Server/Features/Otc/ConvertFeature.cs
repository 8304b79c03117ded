using Citrine.Application;
using Citrine.Application.Otc;
using Citrine.Server.Http.Ingress;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Otc;

/// <summary>Wiring of Convert (docs/api-reference.md#convert; endpoints: ConvertEndpoints).</summary>
internal static class ConvertFeature
{
    public static IServiceCollection AddConvert(this IServiceCollection services) => services
        .AddSingleton<IConvertStore, SqlConvertStore>()
        .AddSingleton<ConvertPricing>()
        .AddSingleton<ConvertAccess>()
        .AddSingleton<ConvertGate>()
        .AddSingleton<ConvertService>();
}

/// <summary>
/// The gate of every convert endpoint: after authentication and before any field rule, a merchant that is not
/// whitelisted gets 400606, whatever its body says (as <see cref="DirectDebit.DirectDebitGate"/>).
/// </summary>
internal sealed class ConvertGate(ConvertAccess access) : IIngressGate
{
    public Task<Failure?> CheckAsync(Caller caller, CancellationToken cancellationToken) =>
        caller.MerchantId is { } merchantId
            ? access.CheckAsync(merchantId, cancellationToken)
            : Task.FromResult<Failure?>(null);
}

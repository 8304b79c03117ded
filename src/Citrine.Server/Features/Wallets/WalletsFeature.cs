using Citrine.Application.Wallets;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Wallets;

/// <summary>Wiring of the merchant wallets (docs/api-reference.md#wallets; endpoints: WalletEndpoints,
/// SandboxWalletEndpoints).</summary>
internal static class WalletsFeature
{
    public static IServiceCollection AddWallets(this IServiceCollection services) => services
        .AddSingleton<IWalletStore, SqlWalletStore>()
        .AddSingleton<WalletService>()
        .AddSingleton<WalletValuation>()
        .AddSingleton<TransferFundHandler>();
}

using Citrine.Application.DirectDebit;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// Wiring of Direct Debit / Pre-Authorization contracts (docs/api-reference.md#direct-debit): services and the signing
/// page. The API endpoints are declarations in ContractEndpoints, PaymentEndpoints and SandboxContractEndpoints.
/// </summary>
internal static class DirectDebitFeature
{
    public static IServiceCollection AddDirectDebit(this IServiceCollection services) => services
        .AddSingleton<IContractStore, SqlContractStore>()
        .AddSingleton<DirectDebitAccess>()
        .AddSingleton<DirectDebitGate>()
        .AddSingleton<ContractExpiry>()
        .AddSingleton<CreateContractHandler>()
        .AddSingleton<QueryContractHandler>()
        .AddSingleton<TerminateContractHandler>()
        .AddSingleton<SignContractHandler>()
        .AddSingleton<ContractSigningQuery>()
        .AddSingleton<SigningPageDependencies>()
        .AddSingleton<IDirectDebitPaymentStore, SqlDirectDebitPaymentStore>()
        .AddSingleton<PayApplyHandler>()
        .AddSingleton<PayNotifyHandler>();

    public static WebApplication MapDirectDebit(this WebApplication app)
    {
        ContractSigningPage.Map(app);
        return app;
    }
}

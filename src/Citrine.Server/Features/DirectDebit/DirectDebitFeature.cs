using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>Wiring of Direct Debit / Pre-Authorization contracts (docs/api-reference.md#direct-debit): services, then
/// endpoints.</summary>
internal static class DirectDebitFeature
{
    public static IServiceCollection AddDirectDebit(this IServiceCollection services) => services
        .AddSingleton<IContractStore, SqlContractStore>()
        .AddSingleton<DirectDebitAccess>()
        .AddSingleton<ContractExpiry>()
        .AddSingleton<CreateContractHandler>()
        .AddSingleton<QueryContractHandler>()
        .AddSingleton<TerminateContractHandler>()
        .AddSingleton<SignContractHandler>()
        .AddSingleton<IDirectDebitPaymentStore, SqlDirectDebitPaymentStore>()
        .AddSingleton<PayApplyHandler>()
        .AddSingleton<PayNotifyHandler>();

    public static WebApplication MapDirectDebit(this WebApplication app)
    {
        ContractEndpoints.Map(app);
        ContractSigningPage.Map(app);
        PaymentEndpoints.Map(app);
        if (app.Services.GetRequiredService<CitrineOptions>().Sandbox)
        {
            SandboxContractEndpoints.Map(app);
        }

        return app;
    }
}

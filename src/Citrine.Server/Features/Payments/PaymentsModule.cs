using Citrine.Application.Auth;
using Citrine.Application.Buyers;
using Citrine.Application.Payments;
using Citrine.Application.Sandbox;
using Citrine.Server.Background;
using Citrine.Server.Features.Checkout;
using Citrine.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Citrine.Server.Features.Payments;

/// <summary>
/// Buyers, the ledger, payments, the sandbox helpers and the hosted checkout (issue 3), wired in two calls from
/// <see cref="CitrineApp"/>.
/// </summary>
internal static class PaymentsModule
{
    /// <summary>
    /// Registers the payment services and makes the <see cref="SandboxClock"/> (over <paramref name="baseTime"/>) the
    /// server's <see cref="TimeProvider"/>. Call after the foundation registrations: it replaces two of them.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, TimeProvider baseTime)
    {
        var clock = new SandboxClock(baseTime);
        services.AddSingleton(clock);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));

        // Merchants sign with their real clock, so the timestamp window is judged by the wall clock, not the sandbox
        // clock: advancing the sandbox clock must not lock every client out with 400003.
        services.Replace(ServiceDescriptor.Singleton(sp =>
            ActivatorUtilities.CreateInstance<RequestAuthenticator>(sp, clock.Base)));

        services.AddSingleton<IBuyerStore, SqlBuyerStore>();
        services.AddSingleton<IPaymentStore, SqlPaymentStore>();
        services.AddSingleton<ISandboxStore, SqlSandboxStore>();
        services.AddSingleton<LedgerAuditor>();
        services.AddSingleton<BuyerAdmin>();
        services.AddSingleton<ReceiverCheck>();
        services.AddSingleton<PayOrderHandler>();
        services.AddSingleton<PayerCountryRule>();
        services.AddSingleton<SandboxService>();
        services.AddSingleton<CheckoutQuery>();
        services.AddSingleton<CheckoutDependencies>();
        services.AddHostedService<SandboxClockSync>();
        return services;
    }

    /// <summary>Maps the hosted checkout; the buyer and sandbox endpoints are declarations.</summary>
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        CheckoutEndpoints.Map(app);
        return app;
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Citrine.Architecture.Tests;

/// <summary>
/// The layer rules of docs/architecture.md as NetArchTest checks. Each rule takes the assembly and the namespace of
/// the layer it judges, so the same rule runs on the product and on the deliberately bad types under
/// <c>Citrine.Architecture.Tests.Violations</c> (which prove that it can fail). Each returns the full names of the
/// types that break it; an empty list means the rule holds.
/// </summary>
public static class Layers
{
    /// <summary>Namespaces of the base class library (and compiler-emitted attributes), the only thing the
    /// innermost layers may use.</summary>
    public static readonly string[] Bcl = ["System", "Microsoft.CodeAnalysis"];

    /// <summary>Where Server may name a Storage type: the composition root and the DI registrations that bind the
    /// Application's store interfaces to their SQL implementations. Everything else goes through the interfaces.</summary>
    public static readonly string[] ServerCompositionRoot =
    [
        "Citrine.Server.CitrineApp",
        "Citrine.Server.Features.DirectDebit.DirectDebitFeature",
        "Citrine.Server.Features.Payments.PaymentsModule",
        "Citrine.Server.Features.Refunds.RefundsFeature",
        "Citrine.Server.Features.Wallets.WalletsFeature",
        "Citrine.Server.Features.Payouts.PayoutsFeature",
        "Citrine.Server.Features.ProfitSharing.ProfitSharingFeature",
        "Citrine.Server.Features.Requests.RequestJournalFeature",
        "Citrine.Server.Features.Faults.FaultsFeature",
        "Citrine.Server.Features.Otc.ConvertFeature",
        "Citrine.Server.Features.Reports.ReportsFeature",
        "Citrine.Server.Features.Partners.PartnersFeature",
        "Citrine.Server.Webhooks.WebhookRegistration",
        // Subscribes the exporters to the storage layer's meter by its name.
        "Citrine.Server.Telemetry.TelemetryRegistration",
        // Start-up checks open the configured database before anything else runs (composition, not a feature).
        "Citrine.Server.Configuration.StartupChecks",
        // The readiness probe asks the database itself whether it answers and has every migration applied.
        "Citrine.Server.Health.DatabaseHealthCheck",
    ];

    /// <summary>Where the CLI may name Storage: <c>citrine serve</c> and <c>citrine bench</c> compose a whole server
    /// in-process.</summary>
    public static readonly string[] CliServeComposition =
    [
        "Citrine.Cli.Commands.ServeCommand",
        "Citrine.Cli.Commands.DemoSeed",
        // `citrine bench` starts a whole server in-process like serve, and bulk-seeds orders for --seed.
        "Citrine.Cli.Commands.Bench.BenchCommand",
        "Citrine.Cli.Commands.Bench.BenchTarget",
    ];

    public static readonly Assembly Domain = typeof(Citrine.Domain.Orders.OrderStatus).Assembly;

    public static readonly Assembly Contracts = typeof(Citrine.Contracts.ResultCodes).Assembly;

    public static readonly Assembly Application = typeof(Citrine.Application.CitrineOptions).Assembly;

    public static readonly Assembly Server = typeof(Citrine.Server.CitrineApp).Assembly;

    public static readonly Assembly Client = typeof(Citrine.Client.CitrineClient).Assembly;

    public static readonly Assembly ClientAspNetCore =
        typeof(Microsoft.AspNetCore.Builder.BinancePayWebhookEndpoint).Assembly;

    public static readonly Assembly Cli = typeof(Citrine.Cli.Commands.CitrineCli).Assembly;

    /// <summary>Types of <paramref name="layer"/> that use anything but the BCL and their own layer.</summary>
    public static IReadOnlyList<string> UsesMoreThanTheBcl(Assembly assembly, string layer) =>
        Failing(InLayer(assembly, layer).Should().OnlyHaveDependencyOn([.. Bcl, layer]).GetResult());

    /// <summary>Types of <paramref name="layer"/> that use any of <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> Uses(Assembly assembly, string layer, params string[] forbidden) =>
        Failing(InLayer(assembly, layer).ShouldNot().HaveDependencyOnAny(forbidden).GetResult());

    /// <summary>Types of <paramref name="layer"/> outside <paramref name="allowed"/> (nested and compiler-made types
    /// count as their outermost type) that use any of <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> UsesOutside(Assembly assembly, string layer, IReadOnlyCollection<string> allowed,
        params string[] forbidden) =>
        [.. Uses(assembly, layer, forbidden).Where(type => !allowed.Contains(Outermost(type), StringComparer.Ordinal))];

    /// <summary>The assemblies <paramref name="assembly"/> references that are not part of the runtime.</summary>
    public static IReadOnlyList<string> NonBclReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name is not ("netstandard" or "mscorlib")
                && !name.StartsWith("System", StringComparison.Ordinal)
                && !name.StartsWith("Microsoft.Win32", StringComparison.Ordinal))];

    private static PredicateList InLayer(Assembly assembly, string layer) =>
        Types.InAssembly(assembly).That().ResideInNamespaceMatching("^" + Regex.Escape(layer) + @"(\.|$)");

    private static List<string> Failing(NetArchTest.Rules.TestResult result) =>
        result.IsSuccessful ? [] : [.. result.FailingTypes.Select(t => t.FullName)];

    private static string Outermost(string fullName) => fullName.Split('/', '+')[0];
}

namespace Citrine.Architecture.Tests;

/// <summary>Each layer rule, run on the deliberately bad types under <c>Violations</c>, names exactly those types:
/// a rule that could never fail would pass <see cref="LayerRuleTests"/> for nothing.</summary>
public sealed class RulesCanFailTests
{
    private const string Bad = "Citrine.Architecture.Tests.Violations.";
    private static readonly System.Reflection.Assembly Tests = typeof(RulesCanFailTests).Assembly;

    [Fact]
    public void The_BCL_only_rule_catches_a_domain_type_that_uses_the_application()
    {
        Layers.UsesMoreThanTheBcl(Tests, Bad + "Domain").ShouldBe([Bad + "Domain.StateMachineThatReadsOptions"]);
    }

    [Fact]
    public void The_reference_rule_catches_an_assembly_that_references_more_than_the_runtime()
    {
        Layers.NonBclReferences(Tests).ShouldContain("Citrine.Application");
    }

    [Fact]
    public void The_application_rule_catches_a_handler_that_uses_ASP_NET_Core()
    {
        Layers.Uses(Tests, Bad + "Application", Forbidden.ForApplication)
            .ShouldBe([Bad + "Application.HandlerThatReadsTheHttpContext"]);
    }

    [Fact]
    public void The_composition_rule_catches_storage_outside_the_allow_list_and_only_there()
    {
        Layers.UsesOutside(Tests, Bad + "Server", Layers.ServerCompositionRoot, "Citrine.Storage")
            .ShouldBe([Bad + "Server.EndpointThatOpensTheStore", Bad + "Server.Composition"], ignoreOrder: true);
        // Allow-listing a type also covers its nested and compiler-made types (lambdas, display classes).
        Layers.UsesOutside(Tests, Bad + "Server", [Bad + "Server.Composition"], "Citrine.Storage")
            .ShouldBe([Bad + "Server.EndpointThatOpensTheStore"]);
    }

    [Fact]
    public void The_client_rule_catches_a_client_type_that_uses_the_server()
    {
        Layers.Uses(Tests, Bad + "Client", Forbidden.ForClient).ShouldBe([Bad + "Client.ClientThatBorrowsServerCode"]);
    }

    [Fact]
    public void The_cli_rule_catches_a_command_that_opens_a_database_driver()
    {
        Layers.UsesOutside(Tests, Bad + "Cli", Layers.CliServeComposition, "Citrine.Storage", "Npgsql",
            "Microsoft.Data.Sqlite").ShouldBe([Bad + "Cli.CommandThatOpensPostgres"]);
    }
}

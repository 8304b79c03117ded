namespace Citrine.Architecture.Tests;

/// <summary>The product's assemblies keep to the layer rules of docs/architecture.md.</summary>
public sealed class LayerRuleTests
{
    [Fact]
    public void Domain_uses_only_the_BCL()
    {
        Layers.UsesMoreThanTheBcl(Layers.Domain, "Citrine.Domain").ShouldBeEmpty();
        Layers.NonBclReferences(Layers.Domain).ShouldBeEmpty();
    }

    [Fact]
    public void Contracts_use_only_the_BCL()
    {
        Layers.UsesMoreThanTheBcl(Layers.Contracts, "Citrine.Contracts").ShouldBeEmpty();
        Layers.NonBclReferences(Layers.Contracts).ShouldBeEmpty();
    }

    [Fact]
    public void Application_knows_no_storage_web_or_database_driver()
    {
        Layers.Uses(Layers.Application, "Citrine.Application", Forbidden.ForApplication).ShouldBeEmpty();
        Layers.NonBclReferences(Layers.Application).ShouldBe(["Citrine.Domain", "Citrine.Contracts"],
            ignoreOrder: true);
    }

    [Fact]
    public void Server_names_Storage_only_in_its_composition_root()
    {
        Layers.UsesOutside(Layers.Server, "Citrine.Server", Layers.ServerCompositionRoot, "Citrine.Storage")
            .ShouldBeEmpty();
    }

    [Fact]
    public void Every_allow_listed_composition_type_exists()
    {
        // A renamed registration file must be renamed here too, not silently widen the rule.
        foreach (var name in Layers.ServerCompositionRoot)
        {
            Layers.Server.GetType(name).ShouldNotBeNull(name);
        }

        foreach (var name in Layers.CliServeComposition)
        {
            Layers.Cli.GetType(name).ShouldNotBeNull(name);
        }
    }

    [Fact]
    public void Client_knows_nothing_of_the_server_side()
    {
        Layers.Uses(Layers.Client, "Citrine.Client", Forbidden.ForClient).ShouldBeEmpty();
        Layers.Uses(Layers.ClientAspNetCore, "Microsoft.AspNetCore.Builder", Forbidden.ForClient).ShouldBeEmpty();
    }

    [Fact]
    public void Cli_names_Storage_only_to_compose_serve()
    {
        Layers.UsesOutside(Layers.Cli, "Citrine.Cli", Layers.CliServeComposition, "Citrine.Storage", "Npgsql",
            "Microsoft.Data.Sqlite").ShouldBeEmpty();
    }
}

/// <summary>What each layer must not use.</summary>
public static class Forbidden
{
    public static readonly string[] ForApplication =
        ["Citrine.Storage", "Citrine.Server", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite"];

    public static readonly string[] ForClient = ["Citrine.Server", "Citrine.Storage", "Citrine.Application"];
}

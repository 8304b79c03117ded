using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary>Runs alone: it sets process environment variables, which every other test would see.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>Credentials from <c>CITRINE_API_KEY</c> / <c>CITRINE_API_SECRET</c>, and the message when they are missing.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class EnvironmentCredentialTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Credentials_come_from_the_environment_when_no_flags_are_given()
    {
        var (merchant, _) = await fixture.MerchantArgsAsync();
        Environment.SetEnvironmentVariable("CITRINE_API_KEY", merchant.ApiKey);
        Environment.SetEnvironmentVariable("CITRINE_API_SECRET", merchant.ApiSecret);
        try
        {
            var (exit, output) = await CliRunner.RunAsync(["order", "create", "--amount", "2", "--json", "--server",
                fixture.Server.BaseUri.ToString()]);

            exit.ShouldBe(0, output);
            JsonDocument.Parse(output).RootElement.GetProperty("prepayId").GetString().ShouldNotBeNullOrEmpty();
        }
        finally
        {
            Environment.SetEnvironmentVariable("CITRINE_API_KEY", null);
            Environment.SetEnvironmentVariable("CITRINE_API_SECRET", null);
        }
    }

    [Fact]
    public async Task Without_credentials_the_command_says_how_to_give_them()
    {
        var (exit, output) = await CliRunner.RunAsync(["order", "query", "--trade-no", "x", "--server",
            fixture.Server.BaseUri.ToString(), "--api-key", "k"]);

        exit.ShouldBe(1);
        output.ShouldContain("CITRINE_API_SECRET");
    }
}

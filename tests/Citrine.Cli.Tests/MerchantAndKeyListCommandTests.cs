using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary>
/// Issue 15, <c>citrine merchant list</c> and <c>citrine key list</c> through the admin API: every merchant, and a
/// merchant's keys with their revocation, never a secret.
/// </summary>
public abstract class MerchantAndKeyListCommandTests(ServerFixture fixture)
{
    [Fact]
    public async Task Merchant_list_shows_each_merchant_and_key_list_shows_keys_without_secrets()
    {
        var server = fixture.Server;
        var merchant = await server.CreateMerchantAsync("Listed Shop");
        var id = merchant.MerchantId.ToString(CultureInfo.InvariantCulture);

        var (exit, merchants) = await RunAsync("merchant", "list");
        exit.ShouldBe(0, merchants.ToString());
        var listed = merchants.EnumerateArray().Single(m => m.GetProperty("merchantId").GetInt64() == merchant.MerchantId);
        listed.GetProperty("name").GetString().ShouldBe("Listed Shop");

        var (createExit, second) = await RunAsync("key", "create", "--merchant-id", id);
        createExit.ShouldBe(0, second.ToString());
        var (revokeExit, _) = await RunRawAsync("key", "revoke", merchant.ApiKey);
        revokeExit.ShouldBe(0);

        var (listExit, keys) = await RunAsync("key", "list", "--merchant-id", id);
        listExit.ShouldBe(0, keys.ToString());
        keys.GetArrayLength().ShouldBe(2);
        var first = keys.EnumerateArray().Single(k => k.GetProperty("apiKey").GetString() == merchant.ApiKey);
        first.GetProperty("revokedAtMs").ValueKind.ShouldBe(JsonValueKind.Number);
        var fresh = keys.EnumerateArray().Single(k => k.GetProperty("apiKey").GetString() == second.GetProperty("apiKey").GetString());
        fresh.TryGetProperty("revokedAtMs", out _).ShouldBeFalse(); // null fields are left out on the wire
        keys.ToString().ShouldNotContain(merchant.ApiSecret);
        keys.ToString().ShouldNotContain(second.GetProperty("apiSecret").GetString()!);

        var (table, text) = await RunRawAsync("key", "list", "--merchant-id", id);
        table.ShouldBe(0);
        text.ShouldContain("revoked");
        text.ShouldContain("active");

        var (unknownExit, unknown) = await RunRawAsync("key", "list", "--merchant-id", "1");
        unknownExit.ShouldBe(1);
        unknown.ShouldContain("merchant 1 not found");
    }

    private async Task<(int Exit, JsonElement Output)> RunAsync(params string[] args)
    {
        var (exit, text) = await RunRawAsync([.. args, "--json"]);
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(int Exit, string Output)> RunRawAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
            [.. args, "--server", fixture.Server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue], output);
        return (exit, output.ToString());
    }
}

public sealed class SqliteMerchantAndKeyListCommandTests(SqliteServer fixture)
    : MerchantAndKeyListCommandTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresMerchantAndKeyListCommandTests(PostgresServer fixture)
    : MerchantAndKeyListCommandTests(fixture), IClassFixture<PostgresServer>;

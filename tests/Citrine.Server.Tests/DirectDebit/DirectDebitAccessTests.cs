using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// The whitelist (docs/api-reference.md#direct-debit): a merchant without direct debit gets 400606 on every
/// direct-debit endpoint, before any field rule; the admin API switches it, effective on the next request (the flag is
/// read fresh, not cached).
/// </summary>
public abstract class DirectDebitAccessTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData(DirectDebitPaths.Create)]
    [InlineData(DirectDebitPaths.Query)]
    [InlineData(DirectDebitPaths.Terminate)]
    [InlineData(DirectDebitPaths.SandboxSign)]
    [InlineData(DirectDebitPaths.SandboxTerminate)]
    public async Task A_merchant_without_direct_debit_gets_400606_whatever_the_body(string path)
    {
        var client = await Server.NewDirectDebitMerchantAsync(enabled: false);
        var empty = await client.PostRawAsync(path, "{}");
        empty.Code.ShouldBe("400606", empty.ToString());
        empty.Status.ShouldBe("FAIL");
        var valid = await client.PostNodeAsync(path, ContractBodies.OneOff());
        valid.Code.ShouldBe("400606", valid.ToString());
    }

    [Fact]
    public async Task Enabling_and_disabling_takes_effect_on_the_next_request()
    {
        var client = await Server.NewDirectDebitMerchantAsync(enabled: false);
        (await client.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff())).Code.ShouldBe("400606");

        await Server.SetDirectDebitAsync(client.Merchant.MerchantId, true);
        var code = ContractBodies.NewCode();
        (await client.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff(code))).Code.ShouldBe("000000");

        await Server.SetDirectDebitAsync(client.Merchant.MerchantId, false);
        (await client.QueryByCodeAsync(code)).Code.ShouldBe("400606");
    }

    [Fact]
    public async Task The_sandbox_helpers_do_not_exist_when_the_sandbox_is_off()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, o => o.Sandbox = false);
        var client = await server.NewDirectDebitMerchantAsync();
        var answer = await client.PostAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = "abc", buyerId = 1 });
        answer.Code.ShouldBe("400001", answer.ToString());
        answer.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await client.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff())).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Authentication_comes_before_the_whitelist()
    {
        var merchant = await Server.CreateMerchantAsync();
        var answer = await Server.Signed(merchant with { ApiSecret = new string('a', 64) })
            .PostAsync(DirectDebitPaths.Create, new { });
        answer.Code.ShouldBe("400002");
    }
}

public sealed class SqliteDirectDebitAccessTests(SqliteServer fixture)
    : DirectDebitAccessTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresDirectDebitAccessTests(PostgresServer fixture)
    : DirectDebitAccessTests(fixture), IClassFixture<PostgresServer>;

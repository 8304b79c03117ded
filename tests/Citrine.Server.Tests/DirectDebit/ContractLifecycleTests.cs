using System.Text.Json;
using Citrine.Application;
using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// Signing through the sandbox helper, the <c>DIRECT_DEBIT_CT</c> outbox rows and their data
/// (docs/api-reference.md#contract-notification), Query Contract after each step
/// (docs/api-reference.md#query-contract), and the buyer's termination from the sandbox.
/// </summary>
public abstract class ContractLifecycleTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Signing_gives_a_contractId_and_writes_CONTRACT_SIGNED_with_the_documented_data()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var body = ContractBodies.OneOff();
        body["webhookUrl"] = "https://merchant.example/contracts";
        var code = body["merchantContractCode"]!.GetValue<string>();
        var created = await client.CreateContractAsync(body);
        (await Server.OutboxAsync(client.Merchant.MerchantId)).ShouldBeEmpty();

        var buyerId = await client.NewBuyerAsync();
        var signed = await client.SignAsync(code, buyerId);
        var contractId = signed.GetProperty("contractId").GetInt64();
        contractId.ToString(System.Globalization.CultureInfo.InvariantCulture).Length.ShouldBeInRange(17, 19);
        contractId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            .ShouldNotBe(created.GetProperty("preContractId").GetString());
        var openUserId = Ids.OpenUserId(buyerId, client.Merchant.MerchantId);
        signed.GetProperty("openUserId").GetString().ShouldBe(openUserId);
        signed.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_SIGNED");

        var row = (await Server.OutboxAsync(client.Merchant.MerchantId)).ShouldHaveSingleItem();
        row.BizType.ShouldBe("DIRECT_DEBIT_CT");
        row.BizStatus.ShouldBe("CONTRACT_SIGNED");
        row.BizId.ShouldBe(contractId);
        row.StreamKey.ShouldBe($"contract:{contractId}");
        row.WebhookUrl.ShouldBe("https://merchant.example/contracts");
        row.DataJson.ShouldBe(
            $"{{\"merchantContractCode\":\"{code}\",\"contractId\":{contractId},\"serviceName\":\"Premium plan\"," +
            $"\"openUserId\":\"{openUserId}\",\"merchantAccountNo\":\"alice@example.com\"," +
            "\"singleUpperLimit\":5.00000000,\"currency\":\"USDT\"}");

        var query = await client.QueryByCodeAsync(code);
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_SIGNED");
        query.Data.GetProperty("contractId").ValueKind.ShouldBe(JsonValueKind.Number);
        query.Data.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        query.Data.GetProperty("openUserId").GetString().ShouldBe(openUserId);
        query.Data.TryGetProperty("contractTerminationWay", out _).ShouldBeFalse();
        query.Data.TryGetProperty("contractTerminationTime", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_sandbox_helper_signs_by_preContractId_too()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var created = await client.CreateContractAsync();
        var buyerId = await client.NewBuyerAsync();
        var answer = await client.PostAsync(DirectDebitPaths.SandboxSign,
            new { preContractId = created.GetProperty("preContractId").GetString(), buyerId });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("openUserId").GetString()
            .ShouldBe(Ids.OpenUserId(buyerId, client.Merchant.MerchantId));
    }

    [Fact]
    public async Task A_contract_is_signed_once_and_a_second_signature_is_409201()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var (first, second) = (await client.NewBuyerAsync(), await client.NewBuyerAsync());
        await client.SignAsync(code, first);
        var again = await client.PostAsync(DirectDebitPaths.SandboxSign,
            new { merchantContractCode = code, buyerId = second });
        again.Code.ShouldBe("409201", again.ToString());
        again.ErrorMessage!.ShouldContain("CONTRACT_SIGNED");
        (await client.QueryByCodeAsync(code)).Data.GetProperty("openUserId").GetString()
            .ShouldBe(Ids.OpenUserId(first, client.Merchant.MerchantId));
    }

    [Fact]
    public async Task Concurrent_signatures_by_different_buyers_sign_once_with_one_webhook()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var buyers = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            buyers.Add(await client.NewBuyerAsync());
        }

        var answers = await Task.WhenAll(buyers.Select(buyer =>
            client.PostAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = code, buyerId = buyer })));
        answers.Count(a => a.Code == "000000").ShouldBe(1);
        answers.Count(a => a.Code == "409201").ShouldBe(19);
        (await Server.OutboxAsync(client.Merchant.MerchantId)).ShouldHaveSingleItem().BizStatus
            .ShouldBe("CONTRACT_SIGNED");
    }

    [Theory]
    [InlineData("{\"buyerId\":1}", "400702")]
    [InlineData("{\"merchantContractCode\":\"abc\"}", "400100")]
    [InlineData("{\"merchantContractCode\":\"abc\",\"buyerId\":0}", "400102")]
    [InlineData("{\"merchantContractCode\":\"abc\",\"buyerId\":\"x\"}", "400100")]
    [InlineData("{\"merchantContractCode\":\"nosuchcontract\",\"buyerId\":1}", "406207")]
    [InlineData("{\"preContractId\":\"123456789\",\"buyerId\":1}", "406207")]
    [InlineData("{\"preContractId\":\"12ab\",\"buyerId\":1}", "406207")]
    public async Task The_sandbox_sign_helper_refuses_bad_requests(string body, string code)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.SandboxSign, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }

    [Fact]
    public async Task Another_merchants_contract_cannot_be_signed_through_the_helper()
    {
        var owner = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var created = await owner.CreateContractAsync(ContractBodies.OneOff(code));
        var other = await Server.NewDirectDebitMerchantAsync();
        (await other.PostAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = code, buyerId = 1 }))
            .Code.ShouldBe("406207");
        (await other.PostAsync(DirectDebitPaths.SandboxSign,
                new { preContractId = created.GetProperty("preContractId").GetString(), buyerId = 1 }))
            .Code.ShouldBe("406207");
    }

    [Fact]
    public async Task A_buyer_termination_writes_CONTRACT_TERMINATED_with_way_0()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var buyerId = await client.NewBuyerAsync();
        var contractId = (await client.SignAsync(code, buyerId)).GetProperty("contractId").GetInt64();

        var answer = await client.PostAsync(DirectDebitPaths.SandboxTerminate, new { contractId });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.ValueKind.ShouldBe(JsonValueKind.True);

        var rows = await Server.OutboxAsync(client.Merchant.MerchantId);
        rows.Select(r => r.BizStatus).ShouldBe(["CONTRACT_SIGNED", "CONTRACT_TERMINATED"]);
        var terminated = rows[1];
        terminated.BizId.ShouldBe(contractId);
        terminated.StreamKey.ShouldBe($"contract:{contractId}");
        var data = terminated.Data;
        data.GetProperty("merchantContractCode").GetString().ShouldBe(code);
        data.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        data.GetProperty("openUserId").GetString().ShouldBe(Ids.OpenUserId(buyerId, client.Merchant.MerchantId));
        data.GetProperty("singleUpperLimit").GetRawText().ShouldBe("5.00000000");
        data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(0);
        var time = data.GetProperty("contractTerminationTime").GetInt64();
        time.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var query = await client.PostAsync(DirectDebitPaths.Query, new { contractId });
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_TERMINATED");
        query.Data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(0);
        query.Data.GetProperty("contractTerminationTime").GetInt64().ShouldBe(time);

        // Terminated is final: neither side can terminate again, and the merchant's attempt sends nothing.
        (await client.PostAsync(DirectDebitPaths.SandboxTerminate, new { contractId })).Code.ShouldBe("406212");
        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId })).Code.ShouldBe("406212");
        (await Server.OutboxAsync(client.Merchant.MerchantId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Query_finds_by_contractId_as_number_or_string_and_the_id_wins_over_the_code()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var contractId = (await client.SignAsync(code, await client.NewBuyerAsync())).GetProperty("contractId")
            .GetInt64();
        var otherCode = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(otherCode));

        var asNumber = await client.PostAsync(DirectDebitPaths.Query, new { contractId });
        asNumber.Data.GetProperty("merchantContractCode").GetString().ShouldBe(code);
        var asString = await client.PostAsync(DirectDebitPaths.Query,
            new { contractId = contractId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        asString.Data.GetProperty("merchantContractCode").GetString().ShouldBe(code);
        var both = await client.PostAsync(DirectDebitPaths.Query, new { merchantContractCode = otherCode, contractId });
        both.Data.GetProperty("merchantContractCode").GetString().ShouldBe(code);
    }

    [Theory]
    [InlineData("{}", "400702")]
    [InlineData("{\"merchantContractCode\":\"abc-1\"}", "400103")]
    [InlineData("{\"contractId\":\"x1\"}", "400100")]
    [InlineData("{\"merchantContractCode\":\"nosuchcontract\"}", "406207")]
    [InlineData("{\"contractId\":205611460060250112}", "406207")]
    public async Task Query_refuses_with_the_same_rules_as_termination(string body, string code)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        (await client.PostRawAsync(DirectDebitPaths.Query, body)).Code.ShouldBe(code);
    }

    [Fact]
    public async Task Another_merchants_contract_is_not_found_by_query()
    {
        var owner = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await owner.CreateContractAsync(ContractBodies.OneOff(code));
        var contractId = (await owner.SignAsync(code, await owner.NewBuyerAsync())).GetProperty("contractId")
            .GetInt64();
        var other = await Server.NewDirectDebitMerchantAsync();
        (await other.QueryByCodeAsync(code)).Code.ShouldBe("406207");
        (await other.PostAsync(DirectDebitPaths.Query, new { contractId })).Code.ShouldBe("406207");
    }
}

public sealed class SqliteContractLifecycleTests(SqliteServer fixture)
    : ContractLifecycleTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresContractLifecycleTests(PostgresServer fixture)
    : ContractLifecycleTests(fixture), IClassFixture<PostgresServer>;

using System.Net;
using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// Terminate Contract, the seed page (docs/api-reference.md#terminate-contract): every result code of its table reached
/// through real HTTP on <c>/direct-debit/contract/termination</c>, and every field rule.
/// </summary>
public abstract class TerminateContractTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Success_by_merchantContractCode_answers_data_true_and_writes_no_webhook()
    {
        var (client, code, contractId) = await SignedContractAsync();
        var answer = await client.PostAsync(DirectDebitPaths.Terminate,
            new { merchantContractCode = code, terminationNotes = "signing information was incorrect" });

        answer.Code.ShouldBe("000000", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        answer.Status.ShouldBe("SUCCESS");
        answer.Data.ValueKind.ShouldBe(JsonValueKind.True);
        answer.Body.ShouldContain("\"data\":true");

        // As documented: "no webhook notification will be sent". Only the signing event is in the outbox.
        var rows = await Server.OutboxAsync(client.Merchant.MerchantId);
        rows.Select(r => r.BizStatus).ShouldBe(["CONTRACT_SIGNED"]);

        var query = await client.QueryByCodeAsync(code);
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_TERMINATED");
        query.Data.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        query.Data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(3);
        query.Data.GetProperty("contractTerminationTime").GetInt64()
            .ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Success_by_contractId_as_number_or_string(bool asString)
    {
        var (client, _, contractId) = await SignedContractAsync();
        object id = asString ? contractId.ToString(System.Globalization.CultureInfo.InvariantCulture) : contractId;
        var answer = await client.PostAsync(DirectDebitPaths.Terminate, new Dictionary<string, object> { ["contractId"] = id });
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    [Fact]
    public async Task The_code_is_ignored_when_contractId_is_given_even_if_malformed_or_another_contracts()
    {
        var (client, _, contractId) = await SignedContractAsync();
        var (_, otherCode, _) = await SignedContractAsync(client);
        var malformed = await client.PostAsync(DirectDebitPaths.Terminate,
            new { merchantContractCode = "not-a-code!" + new string('x', 40), contractId });
        malformed.Code.ShouldBe("000000", malformed.ToString());

        // The other contract, named only by the ignored code, is untouched.
        (await client.QueryByCodeAsync(otherCode)).Data.GetProperty("bizStatus").GetString()
            .ShouldBe("CONTRACT_SIGNED");
    }

    [Fact]
    public async Task Code_400000_an_unknown_error_is_the_envelope_with_HTTP_500()
    {
        // A database that went away is the one failure a client cannot cause: the request must still be answered
        // with the envelope, never a stack trace.
        // Reads open their own connections and nonces are kept in memory, so the failure has to come from a write:
        // terminating a signed contract once the database's writer is gone.
        await using var server = await TestServer.StartAsync(fixture.Store);
        var client = await server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        await client.SignAsync(code, await server.CreateBuyerAsync("Leaving", new() { ["USDT"] = "10" }));
        await server.Database.DisposeAsync();
        var answer = await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code });
        answer.Code.ShouldBe("400000", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.InternalServerError);
        answer.Body.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Code_400001_a_malformed_nonce()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            nonce: "short");
        answer.Code.ShouldBe("400001", answer.ToString());
    }

    [Fact]
    public async Task Code_400001_a_reused_nonce_and_duplicate_property_names()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var nonce = Nonce.Create();
        await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}", nonce: nonce);
        var replay = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            nonce: nonce);
        replay.Code.ShouldBe("400001", replay.ToString());

        var duplicate = await client.PostRawAsync(DirectDebitPaths.Terminate,
            "{\"merchantContractCode\":\"abc\",\"merchantContractCode\":\"def\"}");
        duplicate.Code.ShouldBe("400001", duplicate.ToString());
    }

    [Fact]
    public async Task Code_400002_a_wrong_signature()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            r => Replace(r, BinancePayHeaders.Signature, new string('A', 128)));
        answer.Code.ShouldBe("400002", answer.ToString());
    }

    [Fact]
    public async Task Code_400003_a_timestamp_outside_the_window()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            timestampMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);
        answer.Code.ShouldBe("400003", answer.ToString());
    }

    [Fact]
    public async Task Code_400004_an_unknown_api_key()
    {
        var merchant = await Server.CreateMerchantAsync();
        var answer = await Server.Signed(merchant with { ApiKey = new string('k', 64) })
            .PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = "abc" });
        answer.Code.ShouldBe("400004", answer.ToString());
    }

    [Fact]
    public async Task Code_400005_a_malformed_api_key()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            r => Replace(r, BinancePayHeaders.CertificateSn, "not-a-key"));
        answer.Code.ShouldBe("400005", answer.ToString());
    }

    [Fact]
    public async Task Code_400006_a_wrong_method_with_HTTP_405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, DirectDebitPaths.Terminate);
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.Code.ShouldBe("400006", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Code_400007_a_wrong_media_type_with_HTTP_415()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, "{\"merchantContractCode\":\"abc\"}",
            r => r.Content!.Headers.ContentType = new("text/plain"));
        answer.Code.ShouldBe("400007", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{\"merchantContractCode\":")]
    public async Task Code_400008_a_body_that_is_not_a_JSON_object(string body)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, body);
        answer.Code.ShouldBe("400008", answer.ToString());
    }

    [Theory]
    [InlineData("{\"contractId\":\"abc\"}", "400100", "contractId")]
    [InlineData("{\"contractId\":1.5}", "400100", "contractId")]
    [InlineData("{\"contractId\":true}", "400100", "contractId")]
    [InlineData("{\"contractId\":123456789012345678901234}", "400100", "contractId")]
    [InlineData("{\"merchantContractCode\":{}}", "400100", "merchantContractCode")]
    [InlineData("{\"merchantContractCode\":\"abc\",\"terminationNotes\":{}}", "400100", "terminationNotes")]
    [InlineData("{\"merchantContractCode\":\"ABCdef0123456789ABCdef0123456789x\"}", "400101", "merchantContractCode")]
    [InlineData("{\"contractId\":0}", "400102", "contractId")]
    [InlineData("{\"contractId\":-205611460060250112}", "400102", "contractId")]
    [InlineData("{\"merchantContractCode\":\"abc-123\"}", "400103", "merchantContractCode")]
    [InlineData("{\"merchantContractCode\":\"abc 123\"}", "400103", "merchantContractCode")]
    [InlineData("{}", "400702", "merchantContractCode or contractId")]
    [InlineData("{\"terminationNotes\":\"xxx\"}", "400702", "merchantContractCode or contractId")]
    [InlineData("{\"merchantContractCode\":\"\",\"contractId\":null}", "400702", "merchantContractCode or contractId")]
    public async Task A_field_rule_gives_its_code(string body, string code, string field)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var answer = await client.PostRawAsync(DirectDebitPaths.Terminate, body);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        answer.ErrorMessage!.ShouldStartWith(field);
    }

    [Fact]
    public async Task Code_400101_terminationNotes_longer_than_256()
    {
        var (client, code, _) = await SignedContractAsync();
        var tooLong = await client.PostAsync(DirectDebitPaths.Terminate,
            new { merchantContractCode = code, terminationNotes = new string('n', 257) });
        tooLong.Code.ShouldBe("400101", tooLong.ToString());
        var longest = await client.PostAsync(DirectDebitPaths.Terminate,
            new { merchantContractCode = code, terminationNotes = new string('n', 256) });
        longest.Code.ShouldBe("000000", longest.ToString());
    }

    [Fact]
    public async Task Code_400606_a_merchant_without_direct_debit()
    {
        var client = await Server.NewDirectDebitMerchantAsync(enabled: false);
        var answer = await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = "abc" });
        answer.Code.ShouldBe("400606", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Code_406207_an_unknown_contract_or_another_merchants()
    {
        var (owner, code, contractId) = await SignedContractAsync();
        var client = await Server.NewDirectDebitMerchantAsync();
        (await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = "nosuchcontract" }))
            .Code.ShouldBe("406207");
        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId = 205611460060250112L }))
            .Code.ShouldBe("406207");
        (await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code })).Code.ShouldBe("406207");
        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId })).Code.ShouldBe("406207");

        // The owner's contract was not touched by those attempts.
        (await owner.QueryByCodeAsync(code)).Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_SIGNED");
    }

    [Fact]
    public async Task Code_406212_a_contract_not_yet_signed()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var body = ContractBodies.OneOff();
        await client.CreateContractAsync(body);
        var answer = await client.PostAsync(DirectDebitPaths.Terminate,
            new { merchantContractCode = body["merchantContractCode"]!.GetValue<string>() });
        answer.Code.ShouldBe("406212", answer.ToString());
        answer.ErrorMessage!.ShouldContain("INITIAL");
    }

    [Fact]
    public async Task Code_406212_a_contract_already_terminated()
    {
        var (client, code, _) = await SignedContractAsync();
        (await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code })).Code.ShouldBe("000000");
        var again = await client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code });
        again.Code.ShouldBe("406212", again.ToString());
        again.ErrorMessage!.ShouldContain("CONTRACT_TERMINATED");
    }

    [Fact]
    public async Task Concurrent_terminations_of_one_contract_give_one_success()
    {
        var (client, code, contractId) = await SignedContractAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code })
            : client.PostAsync(DirectDebitPaths.Terminate, new { contractId })));
        answers.Count(a => a.Code == "000000").ShouldBe(1, string.Join("\n", answers.Select(a => a.Body)));
        answers.Count(a => a.Code == "406212").ShouldBe(29);
        (await Server.OutboxAsync(client.Merchant.MerchantId)).Count.ShouldBe(1); // still only CONTRACT_SIGNED
    }

    private async Task<(SignedHttp Client, string Code, long ContractId)> SignedContractAsync(
        SignedHttp? client = null)
    {
        client ??= await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var signed = await client.SignAsync(code, await client.NewBuyerAsync());
        return (client, code, signed.GetProperty("contractId").GetInt64());
    }

    private static void Replace(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
    }
}

public sealed class SqliteTerminateContractTests(SqliteServer fixture)
    : TerminateContractTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresTerminateContractTests(PostgresServer fixture)
    : TerminateContractTests(fixture), IClassFixture<PostgresServer>;

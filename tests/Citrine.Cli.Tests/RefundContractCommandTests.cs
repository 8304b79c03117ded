using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary>
/// <c>citrine refund</c> and <c>citrine contract</c> through the SDK. Their endpoints are built on other branches, so
/// until they merge the far side is a loopback stand-in answering the documented samples
/// (docs/api-reference.md#refunds, #direct-debit).
/// </summary>
public sealed class RefundContractCommandTests
{
    private static string[] Auth(LoopbackReceiver standIn) => ["--server", standIn.BaseUrl, "--api-key", "k", "--api-secret", "s"];

    [Fact]
    public async Task Refund_create_sends_the_refund_and_prints_the_amounts()
    {
        await using var standIn = await CliRunner.StandInAsync();
        standIn.Answers["binancepay/openapi/order/refund"] = new(200, """{"status":"SUCCESS","code":"000000","data":{"refundRequestId":"r1","prepayId":"383729303729303","orderAmount":"100.11","refundedAmount":"10.88","refundAmount":"5.00","remainingAttempts":8,"payerOpenId":"dde7","duplicateRequest":"N"}}""");

        var (exit, output) = await CliRunner.RunAsync(["refund", "create", "--prepay-id", "383729303729303", "--amount", "5",
            "--refund-request-id", "r1", "--reason", "broken", .. Auth(standIn)]);

        exit.ShouldBe(0, output);
        output.ShouldContain("remainingAttempts");
        JsonDocument.Parse(standIn.All.Single().BodyText).RootElement.GetRawText()
            .ShouldBe("""{"refundRequestId":"r1","prepayId":"383729303729303","refundAmount":5,"refundReason":"broken"}""");
    }

    [Fact]
    public async Task Refund_query_prints_json_and_a_too_large_refund_exits_3()
    {
        await using var standIn = await CliRunner.StandInAsync();
        standIn.Answers["binancepay/openapi/order/refund/query"] = new(200, """{"status":"SUCCESS","code":"000000","data":{"refundRequestId":"r1","prepayId":"1","orderAmount":"1","refundedAmount":"1","refundAmount":"1","remainingAttempts":9,"refundStatus":"REFUND_PENDING"}}""");
        standIn.Answers["binancepay/openapi/order/refund"] = new(400, """{"status":"FAIL","code":"400303","errorMessage":"Refund amount is greater than remaining amount"}""");

        var (queried, queryOut) = await CliRunner.RunAsync(["refund", "query", "--refund-request-id", "r1", "--json", .. Auth(standIn)]);
        var (refused, refusedOut) = await CliRunner.RunAsync(["refund", "create", "--prepay-id", "1", "--amount", "50", .. Auth(standIn)]);

        queried.ShouldBe(0, queryOut);
        JsonDocument.Parse(queryOut).RootElement.GetProperty("refundStatus").GetString().ShouldBe("REFUND_PENDING");
        refused.ShouldBe(3);
        refusedOut.ShouldContain("400303 INVALID_REFUND_AMOUNT");
    }

    [Fact]
    public async Task Contract_create_query_terminate_call_the_direct_debit_endpoints()
    {
        await using var standIn = await CliRunner.StandInAsync();
        standIn.Answers["binancepay/openapi/direct-debit/contract"] = new(200, """{"status":"SUCCESS","code":"000000","data":{"merchantId":1,"preContractId":"77","qrContent":"https://c/77","deeplink":"bnc://77"}}""");
        standIn.Answers["binancepay/openapi/direct-debit/contract/query"] = new(200, """{"status":"SUCCESS","code":"000000","data":{"bizStatus":"CONTRACT_SIGNED","merchantContractCode":"c1","contractId":"205611460060250112","singleUpperLimit":"20","currency":"USDT"}}""");
        standIn.Answers["binancepay/openapi/direct-debit/contract/termination"] = new(400, """{"status":"FAIL","code":"406212","errorMessage":"The contract has not been signed"}""");

        var (created, createOut) = await CliRunner.RunAsync(["contract", "create", "--code", "c1", "--service-name", "Gym",
            "--limit", "20", "--json", .. Auth(standIn)]);
        var (queried, queryOut) = await CliRunner.RunAsync(["contract", "query", "--code", "c1", "--json", .. Auth(standIn)]);
        var (terminated, terminateOut) = await CliRunner.RunAsync(["contract", "terminate", "--contract-id", "205611460060250112",
            "--notes", "bye", .. Auth(standIn)]);

        created.ShouldBe(0, createOut);
        JsonDocument.Parse(createOut).RootElement.GetProperty("preContractId").GetString().ShouldBe("77");
        queried.ShouldBe(0, queryOut);
        JsonDocument.Parse(queryOut).RootElement.GetProperty("contractId").GetInt64().ShouldBe(205611460060250112);
        terminated.ShouldBe(5);
        terminateOut.ShouldContain("406212");
        var sent = standIn.All.Select(s => s.Path).ToArray();
        sent.ShouldBe(["/binancepay/openapi/direct-debit/contract", "/binancepay/openapi/direct-debit/contract/query",
            "/binancepay/openapi/direct-debit/contract/termination"]);
    }

    [Fact]
    public async Task A_contract_lookup_needs_an_id_or_a_code()
    {
        await using var standIn = await CliRunner.StandInAsync();

        var (exit, output) = await CliRunner.RunAsync(["contract", "query", .. Auth(standIn)]);

        exit.ShouldBe(1);
        output.ShouldContain("--contract-id or --code");
        standIn.All.ShouldBeEmpty();
    }
}

using Citrine.Application;
using Citrine.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// <c>CONTRACT_EXPIRED</c>: a contract unsigned by its <c>requestExpireTime</c>, or signed and past its
/// <c>contractEndTime</c>, expires through the sweeper or, when a read gets there first, lazily; either way exactly one
/// webhook is written. The server runs on a fake clock, so the tests move time instead of waiting.
/// </summary>
public abstract class ContractExpiryTests(Store store)
{
    private const long Hour = 3_600_000;

    [Fact]
    public async Task An_unsigned_contract_expires_by_the_sweeper_at_its_requestExpireTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(store, time: time);
        var client = await server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var created = await Created(client, code, time);
        var requestExpire = created.GetProperty("requestExpireTime").GetInt64();

        time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(300); // several sweeps: nothing is due yet
        (await server.OutboxAsync(client.Merchant.MerchantId)).ShouldBeEmpty();

        time.Advance(TimeSpan.FromMinutes(1));
        var row = (await server.OutboxEventuallyAsync(client.Merchant.MerchantId, 1)).ShouldHaveSingleItem();
        row.BizType.ShouldBe("DIRECT_DEBIT_CT");
        row.BizStatus.ShouldBe("CONTRACT_EXPIRED");
        var data = row.Data;
        data.GetProperty("merchantContractCode").GetString().ShouldBe(code);
        data.GetProperty("contractId").GetInt64().ShouldBe(row.BizId);
        data.TryGetProperty("openUserId", out _).ShouldBeFalse();
        data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(1);
        data.GetProperty("contractTerminationTime").GetInt64().ShouldBe(requestExpire);

        var query = await client.PostAtAsync(DirectDebitPaths.Query, new { merchantContractCode = code }, time);
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_EXPIRED");
        query.Data.GetProperty("contractId").GetInt64().ShouldBe(row.BizId);
        query.Data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(1);
        query.Data.GetProperty("contractTerminationTime").GetInt64().ShouldBe(requestExpire);

        // Too late to sign or terminate; still one webhook.
        var late = (await client.PostAtAsync("/sandbox/buyers", new { name = "Late" }, time)).Data
            .GetProperty("buyerId").GetInt64();
        (await client.PostAtAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = code, buyerId = late },
            time)).Code.ShouldBe("409201");
        var terminate = await client.PostAtAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code }, time);
        terminate.Code.ShouldBe("406212");
        terminate.ErrorMessage!.ShouldContain("CONTRACT_EXPIRED");
        (await server.OutboxAsync(client.Merchant.MerchantId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_signed_contract_expires_by_the_sweeper_at_its_contractEndTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(store, time: time);
        var client = await server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var end = time.GetUtcNow().ToUnixTimeMilliseconds() + 3 * Hour;
        await Created(client, code, time, end);
        var buyerId = (await client.PostAtAsync("/sandbox/buyers", new { name = "Signer" }, time)).Data
            .GetProperty("buyerId").GetInt64();
        var signed = await client.PostAtAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = code, buyerId },
            time);
        signed.Code.ShouldBe("000000", signed.ToString());

        // Past the signing deadline but before the end: a signed contract stays signed.
        time.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);
        (await server.OutboxAsync(client.Merchant.MerchantId)).Count.ShouldBe(1);

        time.Advance(TimeSpan.FromHours(1));
        var rows = await server.OutboxEventuallyAsync(client.Merchant.MerchantId, 2);
        rows.Select(r => r.BizStatus).ShouldBe(["CONTRACT_SIGNED", "CONTRACT_EXPIRED"]);
        var data = rows[1].Data;
        data.GetProperty("openUserId").GetString().ShouldBe(Ids.OpenUserId(buyerId, client.Merchant.MerchantId));
        data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(1);
        data.GetProperty("contractTerminationTime").GetInt64().ShouldBe(end);

        var query = await client.PostAtAsync(DirectDebitPaths.Query, new { merchantContractCode = code }, time);
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_EXPIRED");
        (await client.PostAtAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code }, time))
            .Code.ShouldBe("406212");
        (await client.PostAtAsync(DirectDebitPaths.SandboxTerminate, new { merchantContractCode = code }, time))
            .Code.ShouldBe("406212");
    }

    [Fact]
    public async Task Without_a_sweep_a_query_expires_an_overdue_contract_itself()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(store, o => o.SweepIntervalMs = 3_600_000, time);
        var client = await server.NewDirectDebitMerchantAsync();
        var unsigned = ContractBodies.NewCode();
        var signed = ContractBodies.NewCode();
        var end = time.GetUtcNow().ToUnixTimeMilliseconds() + 2 * Hour;
        await Created(client, unsigned, time);
        await Created(client, signed, time, end);
        var buyerId = (await client.PostAtAsync("/sandbox/buyers", new { name = "Signer" }, time)).Data
            .GetProperty("buyerId").GetInt64();
        (await client.PostAtAsync(DirectDebitPaths.SandboxSign, new { merchantContractCode = signed, buyerId }, time))
            .Code.ShouldBe("000000");

        time.Advance(TimeSpan.FromHours(2));
        foreach (var code in new[] { unsigned, signed })
        {
            var query = await client.PostAtAsync(DirectDebitPaths.Query, new { merchantContractCode = code }, time);
            query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_EXPIRED", query.ToString());
        }

        var rows = await server.OutboxAsync(client.Merchant.MerchantId);
        rows.Select(r => r.BizStatus).ShouldBe(["CONTRACT_SIGNED", "CONTRACT_EXPIRED", "CONTRACT_EXPIRED"]);
    }

    [Fact]
    public async Task The_signing_page_and_a_termination_also_expire_lazily_and_only_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(store, o => o.SweepIntervalMs = 3_600_000, time);
        var client = await server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var created = await Created(client, code, time);
        time.Advance(TimeSpan.FromHours(1));

        var pages = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => server.Http.GetStringAsync(created.GetProperty("qrContent").GetString())));
        pages.ShouldAllBe(p => p.Contains("CONTRACT_EXPIRED"));
        var terminations = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            client.PostAtAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code }, time)));
        terminations.ShouldAllBe(a => a.Code == "406212");
        (await server.OutboxAsync(client.Merchant.MerchantId)).ShouldHaveSingleItem().BizStatus
            .ShouldBe("CONTRACT_EXPIRED");
    }

    private static async Task<System.Text.Json.JsonElement> Created(SignedHttp client, string code,
        TimeProvider time, long? contractEndTime = null)
    {
        var body = ContractBodies.OneOff(code);
        if (contractEndTime is { } end)
        {
            body["contractEndTime"] = end;
        }

        var answer = await client.PostAtAsync(DirectDebitPaths.Create, body, time);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }
}

public sealed class SqliteContractExpiryTests() : ContractExpiryTests(Store.Sqlite);

public sealed class PostgresContractExpiryTests() : ContractExpiryTests(Store.Postgres);

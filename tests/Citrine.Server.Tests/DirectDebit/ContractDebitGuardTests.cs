using Citrine.Application.DirectDebit;
using Citrine.Domain.DirectDebit;
using Citrine.Storage;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// The seam pay/apply will use (<see cref="SqlContractStore.TryDebitAsync"/>): inside its own transaction it counts
/// a debit only on this merchant's SIGNED, unexpired contract and within <c>singleUpperLimit</c>; a termination that
/// runs at the same time waits for the debit's transaction and never lets a debit land after it committed. Also the
/// store's transitions on their own, without the handlers' pre-checks: each race has exactly one winner.
/// </summary>
public abstract class ContractDebitGuardTests(ServerFixture fixture)
{
    private const long Units = 100_000_000;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_debit_within_the_limit_on_a_signed_contract_is_counted()
    {
        var (client, _, contractId) = await SignedAsync();
        var first = await DebitAsync(client.Merchant.MerchantId, contractId, 5 * Units);
        first.ShouldNotBeNull();
        first.DebitCount.ShouldBe(1);
        first.DebitedUnits.ShouldBe(5 * Units);
        var second = await DebitAsync(client.Merchant.MerchantId, contractId, 1);
        second!.DebitCount.ShouldBe(2);
        second.DebitedUnits.ShouldBe(5 * Units + 1);
    }

    [Fact]
    public async Task A_debit_over_the_limit_or_of_nothing_or_by_another_merchant_is_refused()
    {
        var (client, _, contractId) = await SignedAsync();
        (await DebitAsync(client.Merchant.MerchantId, contractId, 5 * Units + 1)).ShouldBeNull();
        (await DebitAsync(client.Merchant.MerchantId, contractId, 0)).ShouldBeNull();
        (await DebitAsync(client.Merchant.MerchantId + 1, contractId, 1)).ShouldBeNull();
    }

    [Fact]
    public async Task No_debit_on_an_unsigned_or_terminated_contract()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var contractId = (await client.SignAsync(code, await client.NewBuyerAsync())).GetProperty("contractId")
            .GetInt64();
        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId })).Code.ShouldBe("000000");
        (await DebitAsync(client.Merchant.MerchantId, contractId, 1)).ShouldBeNull();
    }

    [Fact]
    public async Task A_termination_during_a_debit_waits_for_it_and_no_debit_follows()
    {
        var (client, code, contractId) = await SignedAsync();
        var debited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var debit = Server.Database.WriteAsync(async (connection, ct) =>
        {
            var contract = await SqlContractStore.TryDebitAsync(connection, client.Merchant.MerchantId, contractId,
                Units, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct);
            debited.SetResult();
            await release.Task; // the rest of pay/apply's transaction (ledger postings) would run here
            return contract;
        }, CancellationToken.None);
        await debited.Task;

        var terminate = client.PostAsync(DirectDebitPaths.Terminate, new { merchantContractCode = code });
        await Task.Delay(500);
        terminate.IsCompleted.ShouldBeFalse("the termination must wait for the debit's transaction");

        release.SetResult();
        (await debit).ShouldNotBeNull();
        (await terminate.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe("000000");
        (await DebitAsync(client.Merchant.MerchantId, contractId, 1)).ShouldBeNull();
        (await client.QueryByCodeAsync(code)).Data.GetProperty("bizStatus").GetString()
            .ShouldBe("CONTRACT_TERMINATED");
    }

    [Fact]
    public async Task Store_level_racing_terminations_and_signatures_have_one_winner_each()
    {
        var store = Server.App.Services.GetRequiredService<IContractStore>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var contract = (await store.FindAsync(new ContractLookup(client.Merchant.MerchantId, null, code),
            CancellationToken.None))!;

        var signs = await Task.WhenAll(Enumerable.Range(1, 20).Select(buyer => store.TrySignAsync(
            contract.PreContractId, buyer, $"open{buyer}", now, c => ContractNotifications.For(c, now),
            CancellationToken.None)));
        signs.Count(won => won).ShouldBe(1);
        var terminations = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.TryTerminateAsync(
            contract.PreContractId, i % 2 == 0 ? ContractTerminationWay.ByUser : ContractTerminationWay.ByMerchant,
            null, now, c => ContractNotifications.For(c, now), CancellationToken.None)));
        terminations.Count(won => won).ShouldBe(1);
        var expiries = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.TryExpireAsync(
            contract.PreContractId, now + 1_000_000_000_000, c => ContractNotifications.For(c, now),
            CancellationToken.None)));
        expiries.ShouldAllBe(won => !won); // terminated is final

        (await store.GetAsync(contract.PreContractId, CancellationToken.None))!.Status
            .ShouldBe(ContractStatus.Terminated);
        (await Server.OutboxAsync(client.Merchant.MerchantId)).Select(r => r.BizStatus)
            .ShouldBe(["CONTRACT_SIGNED", "CONTRACT_TERMINATED"]);
    }

    private async Task<(SignedHttp Client, string Code, long ContractId)> SignedAsync()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code)); // singleUpperLimit 5 USDT
        return (client, code,
            (await client.SignAsync(code, await client.NewBuyerAsync())).GetProperty("contractId").GetInt64());
    }

    private Task<Contract?> DebitAsync(long merchantId, long contractId, long units) =>
        Server.Database.WriteAsync((connection, ct) => SqlContractStore.TryDebitAsync(connection, merchantId,
            contractId, units, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ct), CancellationToken.None);
}

public sealed class SqliteContractDebitGuardTests(SqliteServer fixture)
    : ContractDebitGuardTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresContractDebitGuardTests(PostgresServer fixture)
    : ContractDebitGuardTests(fixture), IClassFixture<PostgresServer>;

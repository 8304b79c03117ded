using Citrine.Application.DirectDebit;
using Citrine.Domain.DirectDebit;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// Direct-debit contracts: ids, sign codes and (merchant, merchantContractCode) taken once; lookups scoped to the
/// merchant; each transition one conditional update whose single winner writes its webhook row.
/// </summary>
public abstract class ContractStoreTests(Store store) : StoreContract(store)
{
    private SqlContractStore Contracts => new(Database);

    [Fact]
    public async Task A_contract_round_trips_and_is_found_only_by_its_merchant()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var contract = ContractRows.New(merchant, NowMs()) with
        {
            SubMerchantId = 2107268400000001,
            Periodic = true,
            CycleDebitFixed = true,
            CycleType = "MONTH",
            CycleValue = 1,
            FirstDeductTimeMs = NowMs() + 1000,
            MerchantAccountNo = "acc-1",
            WebhookUrl = "https://w",
        };
        (await Contracts.TryInsertAsync(contract, CancellationToken.None)).ShouldBeTrue();

        (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None)).ShouldBe(contract);
        (await Contracts.FindBySignCodeAsync(contract.SignCode, CancellationToken.None)).ShouldBe(contract);
        (await Contracts.FindByPreContractIdAsync(merchant, contract.PreContractId, CancellationToken.None))
            .ShouldBe(contract);
        (await Contracts.FindAsync(new ContractLookup(merchant, contract.ContractId, null), CancellationToken.None))
            .ShouldBe(contract);
        (await Contracts.FindAsync(new ContractLookup(merchant, null, contract.MerchantContractCode),
            CancellationToken.None)).ShouldBe(contract);
        (await Contracts.MerchantContractCodeExistsAsync(merchant, contract.MerchantContractCode,
            CancellationToken.None)).ShouldBeTrue();

        (await Contracts.FindByPreContractIdAsync(other, contract.PreContractId, CancellationToken.None)).ShouldBeNull();
        (await Contracts.FindAsync(new ContractLookup(other, contract.ContractId, null), CancellationToken.None))
            .ShouldBeNull();
        (await Contracts.FindAsync(new ContractLookup(other, null, contract.MerchantContractCode),
            CancellationToken.None)).ShouldBeNull();
        (await Contracts.MerchantContractCodeExistsAsync(other, contract.MerchantContractCode, CancellationToken.None))
            .ShouldBeFalse();
    }

    [Fact]
    public async Task Each_id_sign_code_and_merchant_contract_code_is_taken_once()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var contract = ContractRows.New(merchant, NowMs());
        (await Contracts.TryInsertAsync(contract, CancellationToken.None)).ShouldBeTrue();

        var fresh = ContractRows.New(merchant, NowMs());
        (await Contracts.TryInsertAsync(fresh with { PreContractId = contract.PreContractId }, CancellationToken.None))
            .ShouldBeFalse();
        (await Contracts.TryInsertAsync(fresh with { ContractId = contract.ContractId }, CancellationToken.None))
            .ShouldBeFalse();
        (await Contracts.TryInsertAsync(fresh with { SignCode = contract.SignCode }, CancellationToken.None))
            .ShouldBeFalse();
        (await Contracts.TryInsertAsync(fresh with { MerchantContractCode = contract.MerchantContractCode },
            CancellationToken.None)).ShouldBeFalse();
        (await Contracts.TryInsertAsync(ContractRows.New(other, NowMs()) with
        {
            MerchantContractCode = contract.MerchantContractCode,
        }, CancellationToken.None)).ShouldBeTrue();

        var code = "race" + Guid.NewGuid().ToString("N")[..16];
        var racers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Contracts.TryInsertAsync(
            ContractRows.New(merchant, NowMs()) with { MerchantContractCode = code }, CancellationToken.None)));
        racers.Count(r => r).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM direct_debit_contracts")).ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_signatures_have_one_winner_that_writes_the_one_outbox_row()
    {
        var contract = await InsertAsync();
        var now = NowMs();

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Contracts.TrySignAsync(
            contract.PreContractId, 1000 + i, $"open{i}", now, ContractRows.Event("SIGNED"), CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        var signed = (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!;
        signed.Status.ShouldBe(ContractStatus.Signed);
        signed.SignedTimeMs.ShouldBe(now);
        signed.OpenUserId.ShouldBe($"open{signed.BuyerId - 1000}");
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_status = 'SIGNED'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_request_past_its_expiry_cannot_be_signed_but_expires_once()
    {
        var contract = await InsertAsync();

        (await Contracts.TrySignAsync(contract.PreContractId, 1, "open", contract.RequestExpireTimeMs,
            ContractRows.Event("SIGNED"), CancellationToken.None)).ShouldBeFalse();
        (await Contracts.TryExpireAsync(contract.PreContractId, contract.RequestExpireTimeMs - 1,
            ContractRows.Event("EXPIRED"), CancellationToken.None)).ShouldBeFalse();
        (await Contracts.TryTerminateAsync(contract.PreContractId, ContractTerminationWay.ByMerchant, null,
            NowMs(), null, CancellationToken.None)).ShouldBeFalse();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Contracts.TryExpireAsync(
            contract.PreContractId, contract.RequestExpireTimeMs + 5, ContractRows.Event("EXPIRED"),
            CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        var expired = (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!;
        expired.Status.ShouldBe(ContractStatus.Expired);
        expired.TerminationWay.ShouldBe(ContractTerminationWay.AutoExpired);
        expired.TerminationTimeMs.ShouldBe(contract.RequestExpireTimeMs);
        (await Contracts.TrySignAsync(contract.PreContractId, 1, "open", NowMs(), ContractRows.Event("SIGNED"),
            CancellationToken.None)).ShouldBeFalse();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox")).ShouldBe(1);
    }

    [Fact]
    public async Task A_signed_contract_terminates_once_before_its_end_and_expires_at_its_end()
    {
        var terminated = await SignedAsync();
        var now = NowMs();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Contracts.TryTerminateAsync(
            terminated.PreContractId, ContractTerminationWay.ByMerchant, $"notes {i}", now, null,
            CancellationToken.None)));
        results.Count(r => r).ShouldBe(1);
        var row = (await Contracts.GetAsync(terminated.PreContractId, CancellationToken.None))!;
        (row.Status, row.TerminationWay, row.TerminationTimeMs).ShouldBe(
            (ContractStatus.Terminated, ContractTerminationWay.ByMerchant, now));
        (await Contracts.TryExpireAsync(terminated.PreContractId, row.ContractEndTimeMs, ContractRows.Event("EXPIRED"),
            CancellationToken.None)).ShouldBeFalse();
        // A merchant's termination sends no webhook; the one row is the signature's.
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox")).ShouldBe(1);

        var ended = await SignedAsync();
        (await Contracts.TryTerminateAsync(ended.PreContractId, ContractTerminationWay.ByUser, null,
            ended.ContractEndTimeMs, ContractRows.Event("TERMINATED"), CancellationToken.None)).ShouldBeFalse();
        (await Contracts.TryExpireAsync(ended.PreContractId, ended.ContractEndTimeMs - 1, ContractRows.Event("EXPIRED"),
            CancellationToken.None)).ShouldBeFalse();
        (await Contracts.TryExpireAsync(ended.PreContractId, ended.ContractEndTimeMs + 7, ContractRows.Event("EXPIRED"),
            CancellationToken.None)).ShouldBeTrue();
        var expired = (await Contracts.GetAsync(ended.PreContractId, CancellationToken.None))!;
        (expired.Status, expired.TerminationTimeMs).ShouldBe((ContractStatus.Expired, ended.ContractEndTimeMs));

        var byUser = await SignedAsync();
        (await Contracts.TryTerminateAsync(byUser.PreContractId, ContractTerminationWay.ByUser, null, NowMs(),
            ContractRows.Event("TERMINATED"), CancellationToken.None)).ShouldBeTrue();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_status = 'TERMINATED'")).ShouldBe(1);
    }

    [Fact]
    public async Task Overdue_contracts_list_earliest_deadline_first()
    {
        var now = NowMs();
        var merchant = await NewMerchantAsync();
        var lateRequest = ContractRows.New(merchant, now) with { RequestExpireTimeMs = now - 1_000 };
        var earlyRequest = ContractRows.New(merchant, now) with { RequestExpireTimeMs = now - 3_000 };
        var open = ContractRows.New(merchant, now);
        foreach (var contract in new[] { lateRequest, earlyRequest, open })
        {
            await Contracts.TryInsertAsync(contract, CancellationToken.None);
        }

        var signed = await SignedAsync();
        var endedAt = signed.ContractEndTimeMs;

        (await Contracts.ListOverdueAsync(now, 10, CancellationToken.None)).Select(c => c.PreContractId)
            .ShouldBe([earlyRequest.PreContractId, lateRequest.PreContractId]);
        (await Contracts.ListOverdueAsync(endedAt, 10, CancellationToken.None)).Select(c => c.PreContractId)
            .ShouldBe([earlyRequest.PreContractId, lateRequest.PreContractId, open.PreContractId, signed.PreContractId]);
        (await Contracts.ListOverdueAsync(endedAt, 1, CancellationToken.None)).Select(c => c.PreContractId)
            .ShouldBe([earlyRequest.PreContractId]);
    }

    private async Task<Contract> InsertAsync()
    {
        var contract = ContractRows.New(await NewMerchantAsync(), NowMs());
        (await Contracts.TryInsertAsync(contract, CancellationToken.None)).ShouldBeTrue();
        return contract;
    }

    private async Task<Contract> SignedAsync()
    {
        var contract = await InsertAsync();
        (await Contracts.TrySignAsync(contract.PreContractId, 42, "open42", NowMs(), ContractRows.Event("SIGNED"),
            CancellationToken.None)).ShouldBeTrue();
        return (await Contracts.GetAsync(contract.PreContractId, CancellationToken.None))!;
    }
}

public sealed class SqliteContractStoreTests() : ContractStoreTests(Store.Sqlite);

public sealed class PostgresContractStoreTests() : ContractStoreTests(Store.Postgres);

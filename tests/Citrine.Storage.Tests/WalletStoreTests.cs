using Citrine.Application.Wallets;
using Citrine.Domain.Ledger;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>Merchant wallets: balances of both accounts of a wallet (zeros kept), funding refused below zero, and
/// transfers recorded once per (merchant, requestId) with their journal, a refused one leaving nothing behind.</summary>
public abstract class WalletStoreTests(Store store) : StoreContract(store)
{
    private const long Coin = 100_000_000;

    private SqlWalletStore Wallets => new(Database);

    private static Journal Fund(long merchantId, MerchantWalletKind wallet, string asset, long units) =>
        Journal.Create(JournalKinds.WalletFunding, "t", new Posting(Accounts.MerchantWallet(merchantId, wallet, false),
            asset, units), new Posting(Accounts.SandboxMint, asset, -units));

    private static WalletTransfer Transfer(long merchantId, string requestId, long units, string type = "TO_MAIN") =>
        new(merchantId, requestId, "USDT", units, type, "SUCCESS", 1_000);

    [Fact]
    public async Task Balances_list_every_asset_held_with_zeros_and_a_drain_below_zero_is_refused()
    {
        var merchantId = NextId();
        (await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Spot, "USDT", 3 * Coin), 1, 10 * Coin,
            CancellationToken.None)).ShouldBe(WalletPostOutcome.Posted);
        (await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Spot, "BNB", Coin), 1, 10 * Coin,
            CancellationToken.None)).ShouldBe(WalletPostOutcome.Posted);
        (await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Spot, "BNB", -Coin), 1, 10 * Coin,
            CancellationToken.None)).ShouldBe(WalletPostOutcome.Posted);
        (await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Spot, "BNB", -1), 1, 10 * Coin,
            CancellationToken.None)).ShouldBe(WalletPostOutcome.InsufficientFunds);
        (await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Spot, "USDT", 8 * Coin), 1, 10 * Coin,
            CancellationToken.None)).ShouldBe(WalletPostOutcome.CapExceeded);

        (await Wallets.BalancesAsync(merchantId, MerchantWalletKind.Spot, null, CancellationToken.None))
            .ShouldBe([new WalletAsset("BNB", 0, 0), new WalletAsset("USDT", 3 * Coin, 0)]);
        (await Wallets.BalancesAsync(merchantId, MerchantWalletKind.Funding, null, CancellationToken.None))
            .ShouldBeEmpty();
        (await Wallets.BalancesAsync(merchantId, MerchantWalletKind.Funding, "USDT", CancellationToken.None))
            .ShouldBe([new WalletAsset("USDT", 0, 0)]);
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(3);
    }

    [Fact]
    public async Task A_transfer_is_recorded_once_and_a_refused_one_leaves_its_requestId_free()
    {
        var merchantId = NextId();
        await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Funding, "USDT", 2 * Coin), 1, 10 * Coin,
            CancellationToken.None);
        var first = Transfer(merchantId, "r1", Coin);

        var created = await Wallets.TransferAsync(first, WalletRules.TransferJournal(first), CancellationToken.None);
        created.Created.ShouldBe(first);
        var again = await Wallets.TransferAsync(first with { AmountUnits = 2 }, WalletRules.TransferJournal(first),
            CancellationToken.None);
        (again.Created, again.Existing).ShouldBe((null, first));

        var tooMuch = Transfer(merchantId, "r2", 2 * Coin);
        (await Wallets.TransferAsync(tooMuch, WalletRules.TransferJournal(tooMuch), CancellationToken.None))
            .InsufficientFunds.ShouldBeTrue();
        (await Wallets.FindTransferAsync(merchantId, "r2", CancellationToken.None)).ShouldBeNull();
        (await Wallets.FindTransferAsync(merchantId, "r1", CancellationToken.None)).ShouldBe(first);
        (await Wallets.FindTransferAsync(NextId(), "r1", CancellationToken.None)).ShouldBeNull();
        (await Wallets.BalancesAsync(merchantId, MerchantWalletKind.Spot, "USDT", CancellationToken.None))
            .ShouldBe([new WalletAsset("USDT", Coin, 0)]);
        (await new LedgerAuditor(Database).AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_auditor_finds_a_transfer_without_its_journal_and_a_journal_without_its_transfer()
    {
        var merchantId = NextId();
        await ExecuteAsync(
            """
            INSERT INTO wallet_transfers (merchant_id, request_id, currency, amount_units, transfer_type, status,
                created_at_ms) VALUES (@m, 'ghost', 'USDT', 5, 'TO_MAIN', 'SUCCESS', 1)
            """, ("@m", merchantId));
        await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Funding, "USDT", Coin), 1, 10 * Coin,
            CancellationToken.None);
        var orphan = Transfer(merchantId, "orphan", 7);
        await Database.WriteAsync((c, ct) => LedgerSql.PostAsync(c, WalletRules.TransferJournal(orphan), null, 1,
            null, ct), CancellationToken.None);

        var findings = await new LedgerAuditor(Database).AuditAsync();
        findings.ShouldContain(f => f.StartsWith("wallet transfer without exactly one journal", StringComparison.Ordinal)
            && f.Contains("ghost", StringComparison.Ordinal));
        findings.ShouldContain(f => f.StartsWith("wallet transfer journal without its transfer", StringComparison.Ordinal)
            && f.Contains($"{merchantId}:orphan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_transfers_with_one_requestId_make_one_journal()
    {
        var merchantId = NextId();
        await Wallets.PostAsync(Fund(merchantId, MerchantWalletKind.Funding, "USDT", 100 * Coin), 1, 1000 * Coin,
            CancellationToken.None);
        var transfer = Transfer(merchantId, "same", Coin);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() =>
            Wallets.TransferAsync(transfer, WalletRules.TransferJournal(transfer), CancellationToken.None))));

        outcomes.Count(o => o.Created is not null).ShouldBe(1);
        outcomes.Count(o => o.Existing == transfer).ShouldBe(Racers - 1);
        (await CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'WALLET_TRANSFER'")).ShouldBe(1);
        (await new LedgerAuditor(Database).AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteWalletStoreTests() : WalletStoreTests(Store.Sqlite);

public sealed class PostgresWalletStoreTests() : WalletStoreTests(Store.Postgres);

using Citrine.Application.Buyers;
using Citrine.Domain.Ledger;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>Sandbox buyers: an id taken once with its opening funds in the same transaction, funding capped by
/// <see cref="BuyerAdmin.WalletUnitsMax"/>, and wallets as ledger balances.</summary>
public abstract class BuyerStoreTests(Store store) : StoreContract(store)
{
    private const long Coin = 100_000_000;

    private SqlBuyerStore Buyers => new(Database);

    [Fact]
    public async Task A_buyer_is_created_once_with_its_opening_funds()
    {
        var buyer = new Buyer(NextId(), "Alice", 1_000);
        (await Buyers.TryInsertAsync(buyer, Funding(buyer.BuyerId, ("USDT", 5 * Coin), ("BNB", Coin)),
            CancellationToken.None)).ShouldBeTrue();
        (await Buyers.TryInsertAsync(buyer with { Name = "Mallory" }, Funding(buyer.BuyerId, ("USDT", Coin)),
            CancellationToken.None)).ShouldBeFalse();

        (await Buyers.GetAsync(buyer.BuyerId, CancellationToken.None)).ShouldBe(buyer);
        (await Buyers.GetAsync(NextId(), CancellationToken.None)).ShouldBeNull();
        (await Buyers.BalancesAsync(Accounts.Buyer(buyer.BuyerId), CancellationToken.None))
            .ShouldBe(new Dictionary<string, long> { ["BNB"] = Coin, ["USDT"] = 5 * Coin });
        (await Buyers.BalancesAsync(Accounts.SandboxMint, CancellationToken.None))
            .ShouldBe(new Dictionary<string, long> { ["BNB"] = -Coin, ["USDT"] = -5 * Coin });
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(1);
    }

    [Fact]
    public async Task A_buyer_whose_opening_journal_is_refused_is_not_created()
    {
        // Opening funds drawn from a wallet that may not go negative and is empty: the ledger refuses, and the buyer
        // row of the same transaction goes with it.
        var buyer = new Buyer(NextId(), "Mallory", 1_000);
        var funding = Journal.Create(JournalKinds.Funding, Accounts.Buyer(buyer.BuyerId),
            new Posting(Accounts.Buyer(buyer.BuyerId), "USDT", Coin),
            new Posting(Accounts.Buyer(NextId()), "USDT", -Coin));
        (await Should.ThrowAsync<LedgerRefusedException>(() =>
            Buyers.TryInsertAsync(buyer, funding, CancellationToken.None))).Outcome.ShouldBe(PostOutcome.InsufficientFunds);

        (await Buyers.GetAsync(buyer.BuyerId, CancellationToken.None)).ShouldBeNull();
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(0);
        (await CountAsync("SELECT COUNT(*) FROM balances")).ShouldBe(0);
    }

    [Fact]
    public async Task Funding_adds_to_the_wallet_up_to_the_cap_and_only_for_a_known_buyer()
    {
        var buyer = new Buyer(NextId(), "Bob", 1_000);
        await Buyers.TryInsertAsync(buyer, null, CancellationToken.None);
        (await Buyers.BalancesAsync(Accounts.Buyer(buyer.BuyerId), CancellationToken.None)).ShouldBeEmpty();

        (await Buyers.FundAsync(buyer.BuyerId, Funding(buyer.BuyerId, ("USDT", 3 * Coin)), NowMs(),
            CancellationToken.None)).ShouldBe(FundOutcome.Funded);
        (await Buyers.FundAsync(buyer.BuyerId, Funding(buyer.BuyerId, ("USDT", 2 * Coin)), NowMs(),
            CancellationToken.None)).ShouldBe(FundOutcome.Funded);
        (await Buyers.FundAsync(buyer.BuyerId,
                Funding(buyer.BuyerId, ("USDT", BuyerAdmin.WalletUnitsMax - 5 * Coin + 1)), NowMs(),
                CancellationToken.None))
            .ShouldBe(FundOutcome.LimitExceeded);
        var unknown = NextId();
        (await Buyers.FundAsync(unknown, Funding(unknown, ("USDT", Coin)), NowMs(), CancellationToken.None))
            .ShouldBe(FundOutcome.BuyerNotFound);

        (await Buyers.BalancesAsync(Accounts.Buyer(buyer.BuyerId), CancellationToken.None))
            .ShouldBe(new Dictionary<string, long> { ["USDT"] = 5 * Coin });
        (await Buyers.BalancesAsync(Accounts.Buyer(unknown), CancellationToken.None)).ShouldBeEmpty();
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_fundings_all_count()
    {
        var buyer = new Buyer(NextId(), "Carol", 1_000);
        await Buyers.TryInsertAsync(buyer, null, CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Buyers.FundAsync(buyer.BuyerId,
            Funding(buyer.BuyerId, ("USDT", Coin)), NowMs(), CancellationToken.None)));

        outcomes.ShouldAllBe(o => o == FundOutcome.Funded);
        (await Buyers.BalancesAsync(Accounts.Buyer(buyer.BuyerId), CancellationToken.None))["USDT"]
            .ShouldBe(Racers * Coin);
    }

    [Fact]
    public async Task Buyers_list_oldest_first_up_to_the_limit()
    {
        var buyers = new[] { new Buyer(NextId(), "C", 3_000), new Buyer(NextId(), "A", 1_000), new Buyer(NextId(), "B", 2_000) };
        foreach (var buyer in buyers)
        {
            await Buyers.TryInsertAsync(buyer, null, CancellationToken.None);
        }

        (await Buyers.ListAsync(10, CancellationToken.None)).ShouldBe([buyers[1], buyers[2], buyers[0]]);
        (await Buyers.ListAsync(2, CancellationToken.None)).ShouldBe([buyers[1], buyers[2]]);
    }

    private static Journal Funding(long buyerId, params (string Asset, long Units)[] funds) =>
        Journal.Create(JournalKinds.Funding, Accounts.Buyer(buyerId), [.. funds.SelectMany(f => new[]
        {
            new Posting(Accounts.Buyer(buyerId), f.Asset, f.Units),
            new Posting(Accounts.SandboxMint, f.Asset, -f.Units),
        })]);
}

public sealed class SqliteBuyerStoreTests() : BuyerStoreTests(Store.Sqlite);

public sealed class PostgresBuyerStoreTests() : BuyerStoreTests(Store.Postgres);

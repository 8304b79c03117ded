using Citrine.Application.Buyers;
using Citrine.Domain.Ledger;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>Sandbox buyers: an id taken once with its opening funds in the same transaction, funding capped by
/// <see cref="BuyerAdmin.WalletUnitsMax"/>, wallets as ledger balances, identities unique (database-enforced), and
/// owners deciding who may use a buyer.</summary>
public abstract class BuyerStoreTests(Store store) : StoreContract(store)
{
    private const long Coin = 100_000_000;

    private SqlBuyerStore Buyers => new(Database);

    [Fact]
    public async Task A_buyer_is_created_once_with_its_opening_funds()
    {
        var buyer = Make("Alice", 1_000);
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
        var buyer = Make("Mallory", 1_000);
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
        var buyer = Make("Bob", 1_000);
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
        var buyer = Make("Carol", 1_000);
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
        var buyers = new[] { Make("C", 3_000), Make("A", 1_000), Make("B", 2_000) };
        foreach (var buyer in buyers)
        {
            await Buyers.TryInsertAsync(buyer, null, CancellationToken.None);
        }

        (await Buyers.ListAsync(10, CancellationToken.None)).ShouldBe([buyers[1], buyers[2], buyers[0]]);
        (await Buyers.ListAsync(2, CancellationToken.None)).ShouldBe([buyers[1], buyers[2]]);
    }

    [Fact]
    public async Task Each_part_of_an_identity_belongs_to_one_buyer_only()
    {
        var first = Make("Alice", 1_000);
        (await Buyers.TryInsertAsync(first, null, CancellationToken.None)).ShouldBeTrue();
        var fresh = BuyerIdentity.Derived(NextId());
        var clashes = new (string Part, BuyerIdentity Identity)[]
        {
            ("binanceId", fresh with { BinanceId = first.Identity.BinanceId }),
            ("payId", fresh with { PayId = first.Identity.PayId }),
            ("email", fresh with { Email = first.Identity.Email }),
            ("mobileNumber", fresh with
            {
                MobileCode = first.Identity.MobileCode, MobileNumber = first.Identity.MobileNumber,
            }),
        };
        foreach (var (part, identity) in clashes)
        {
            var clash = new Buyer(NextId(), "Mallory", 2_000, identity, null);
            (await Buyers.TryInsertAsync(clash, Funding(clash.BuyerId, ("USDT", Coin)), CancellationToken.None))
                .ShouldBeFalse(part);
            (await Buyers.TakenAsync(identity, CancellationToken.None)).ShouldBe([part]);
            (await Buyers.GetAsync(clash.BuyerId, CancellationToken.None)).ShouldBeNull(part);
        }

        // The same phone number under another country code is another phone.
        var otherCode = new Buyer(NextId(), "Bob", 3_000, fresh with
        {
            MobileCode = "971",
            MobileNumber = first.Identity.MobileNumber,
        }, null);
        (await Buyers.TryInsertAsync(otherCode, null, CancellationToken.None)).ShouldBeTrue();
        (await CountAsync("SELECT COUNT(*) FROM buyers")).ShouldBe(2);
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(0);
    }

    [Fact]
    public async Task A_buyer_row_without_an_identity_is_refused_by_the_database()
    {
        var refused = false;
        try
        {
            await ExecuteAsync("INSERT INTO buyers (buyer_id, name, created_at_ms) VALUES (@id, 'Raw', 1)",
                ("@id", NextId()));
        }
        catch (System.Data.Common.DbException)
        {
            refused = true;
        }

        refused.ShouldBeTrue();
        (await CountAsync("SELECT COUNT(*) FROM buyers")).ShouldBe(0);
    }

    [Fact]
    public async Task A_merchant_lists_and_finds_only_its_own_and_shared_buyers()
    {
        var (mine, theirs) = (NextId(), NextId());
        var shared = Make("Shared", 1_000);
        var own = Make("Own", 2_000, mine);
        var foreign = Make("Foreign", 3_000, theirs);
        foreach (var buyer in new[] { foreign, own, shared })
        {
            (await Buyers.TryInsertAsync(buyer, null, CancellationToken.None)).ShouldBeTrue();
        }

        (await Buyers.ListUsableAsync(mine, 10, CancellationToken.None)).ShouldBe([shared, own]);
        (await Buyers.ListUsableAsync(theirs, 10, CancellationToken.None)).ShouldBe([shared, foreign]);
        (await Buyers.ListUsableAsync(NextId(), 10, CancellationToken.None)).ShouldBe([shared]);
        (await Buyers.ListUsableAsync(mine, 1, CancellationToken.None)).ShouldBe([shared]);
        (await Buyers.ListAsync(10, CancellationToken.None)).ShouldBe([shared, own, foreign]);

        (await Buyers.FindByReceiverAsync(ReceiverKind.BinanceId, own.Identity.BinanceId, CancellationToken.None))
            .ShouldBe(own);
        (await Buyers.FindByReceiverAsync(ReceiverKind.PayId, foreign.Identity.PayId, CancellationToken.None))
            .ShouldBe(foreign);
        (await Buyers.FindByReceiverAsync(ReceiverKind.PayId, own.Identity.BinanceId, CancellationToken.None))
            .ShouldBeNull();
        own.UsableBy(mine).ShouldBeTrue();
        own.UsableBy(theirs).ShouldBeFalse();
        shared.UsableBy(theirs).ShouldBeTrue();
    }

    private static Buyer Make(string name, long createdAtMs, long? owner = null)
    {
        var id = NextId();
        return new Buyer(id, name, createdAtMs, BuyerIdentity.Derived(id), owner);
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

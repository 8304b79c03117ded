using Citrine.Domain.Ledger;

namespace Citrine.Domain.Tests;

/// <summary>Double entry: a journal balances per asset, has no zero legs and at least one posting.</summary>
public sealed class JournalTests
{
    [Fact]
    public void A_journal_that_balances_in_one_asset_is_created_with_its_postings()
    {
        var postings = new[]
        {
            new Posting(Accounts.Buyer(7), "USDT", -2_517_000_000),
            new Posting(Accounts.Merchant(42), "USDT", 2_491_830_000),
            new Posting(Accounts.Fees, "USDT", 25_170_000),
        };
        var journal = Journal.Create("PAY", "order:1", postings);
        journal.Kind.ShouldBe("PAY");
        journal.Reference.ShouldBe("order:1");
        journal.Postings.ShouldBe(postings);
    }

    [Fact]
    public void A_journal_may_span_assets_when_each_asset_balances()
    {
        var journal = Journal.Create("CONVERT", "order:2",
            new Posting(Accounts.Buyer(7), "BNB", -1_000_000),
            new Posting(Accounts.Exchange, "BNB", 1_000_000),
            new Posting(Accounts.Exchange, "USDT", -600_000_000),
            new Posting(Accounts.Merchant(42), "USDT", 600_000_000));
        journal.Postings.Count.ShouldBe(4);
    }

    [Fact]
    public void A_journal_that_does_not_balance_is_refused_naming_the_asset()
    {
        var e = Should.Throw<InvalidOperationException>(() => Journal.Create("PAY", "order:3",
            new Posting(Accounts.Buyer(7), "USDT", -100),
            new Posting(Accounts.Merchant(42), "USDT", 99)));
        e.Message.ShouldContain("USDT");
    }

    [Fact]
    public void Units_of_different_assets_do_not_offset_each_other()
    {
        var e = Should.Throw<InvalidOperationException>(() => Journal.Create("PAY", "order:4",
            new Posting(Accounts.Buyer(7), "BTC", -100),
            new Posting(Accounts.Merchant(42), "USDT", 100)));
        e.Message.ShouldContain("does not balance");
    }

    [Fact]
    public void A_zero_leg_or_an_empty_journal_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Journal.Create("PAY", "order:5",
            new Posting(Accounts.Buyer(7), "USDT", 0),
            new Posting(Accounts.Merchant(42), "USDT", 0)));
        Should.Throw<InvalidOperationException>(() => Journal.Create("PAY", "order:6"));
    }

    [Theory]
    [InlineData(Accounts.SandboxMint, true)]
    [InlineData(Accounts.Exchange, true)]
    [InlineData(Accounts.Fees, false)]
    [InlineData("buyer:7", false)]
    [InlineData("merchant:42", false)]
    public void Only_the_outside_world_and_the_conversion_desk_may_go_negative(string account, bool mayGoNegative) =>
        Accounts.MayGoNegative(account).ShouldBe(mayGoNegative);

    [Fact]
    public void Account_names_carry_their_owner()
    {
        Accounts.Buyer(7).ShouldBe("buyer:7");
        Accounts.Merchant(42).ShouldBe("merchant:42");
    }
}

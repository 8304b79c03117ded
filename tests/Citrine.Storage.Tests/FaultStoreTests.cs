using Citrine.Application.Sandbox.Faults;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>The sandbox fault rules (migration 0014) on both databases: the last use of a rule goes to exactly one of
/// many racing consumers, concurrent arms never pass the per-merchant cap, clear is per merchant.</summary>
public abstract class FaultStoreTests(Store store) : StoreContract(store)
{
    private SqlFaultStore Faults => new(Database);

    private static FaultRule Rule(long merchantId, int count) => new()
    {
        MerchantId = merchantId,
        Kind = FaultKinds.Status,
        HttpStatus = 503,
        Path = "/binancepay/openapi/v2/order",
        PathMatch = PathMatches.Exact,
        Count = count,
        Remaining = count,
        CreatedAtMs = 1,
    };

    [Fact]
    public async Task Racing_consumers_take_exactly_count_uses()
    {
        var merchant = await NewMerchantAsync();
        var rule = (await Faults.ArmAsync(Rule(merchant, 3), 20, CancellationToken.None))!;

        var taken = await Task.WhenAll(Enumerable.Range(0, Racers)
            .Select(_ => Faults.TryConsumeAsync(rule.FaultId, CancellationToken.None)));

        taken.Count(t => t is not null).ShouldBe(3);
        taken.Where(t => t is not null).Select(t => t!.Value).Order().ShouldBe([0, 1, 2]);
        (await Faults.ListArmedAsync(CancellationToken.None)).ShouldNotContain(r => r.FaultId == rule.FaultId);
        (await Faults.ListAsync(merchant, CancellationToken.None)).ShouldHaveSingleItem().Remaining.ShouldBe(0);
    }

    [Fact]
    public async Task Racing_arms_never_pass_the_cap_and_clear_is_per_merchant()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        await Faults.ArmAsync(Rule(other, 1), 5, CancellationToken.None);

        var armed = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Faults.ArmAsync(Rule(merchant, 1), 5, CancellationToken.None)));

        armed.Count(a => a is not null).ShouldBe(5);
        var mine = await Faults.ListAsync(merchant, CancellationToken.None);
        mine.Count.ShouldBe(5);
        mine.ShouldAllBe(r => r.Remaining == 1 && r.Path == "/binancepay/openapi/v2/order" && r.HttpStatus == 503);
        (await Faults.ClearAsync(merchant, CancellationToken.None)).ShouldBe(5);
        (await Faults.ListAsync(other, CancellationToken.None)).Count.ShouldBe(1);
        (await Faults.ArmAsync(Rule(merchant, 1), 5, CancellationToken.None)).ShouldNotBeNull();
    }
}

public sealed class SqliteFaultStoreTests() : FaultStoreTests(Store.Sqlite);

public sealed class PostgresFaultStoreTests() : FaultStoreTests(Store.Postgres);

using System.Data.Common;
using Citrine.Application.Merchants;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>Merchants, API keys and sub-merchants: ids taken once, partial updates, revocation once, and
/// sub-merchants seen only by their merchant.</summary>
public abstract class MerchantStoreTests(Store store) : StoreContract(store)
{
    [Fact]
    public async Task A_merchant_id_is_taken_once_and_merchants_list_oldest_first()
    {
        var first = new Merchant(NextId(), "First", Merchant.Active, "https://hook", true, 1_000);
        var second = new Merchant(NextId(), "Second", Merchant.Active, null, false, 2_000);
        var sameTime = new Merchant(second.MerchantId - 10_000, "Same time", Merchant.Active, null, false, 2_000);
        foreach (var merchant in new[] { second, first, sameTime })
        {
            (await Merchants.InsertMerchantAsync(merchant, CancellationToken.None)).ShouldBeTrue();
        }

        (await Merchants.InsertMerchantAsync(first with { Name = "Impostor" }, CancellationToken.None)).ShouldBeFalse();

        (await Merchants.GetMerchantAsync(first.MerchantId, CancellationToken.None)).ShouldBe(first);
        (await Merchants.GetMerchantAsync(NextId(), CancellationToken.None)).ShouldBeNull();
        (await Merchants.ListMerchantsAsync(CancellationToken.None)).ShouldBe([first, sameTime, second]);
    }

    [Fact]
    public async Task Concurrent_inserts_of_one_merchant_id_have_one_winner()
    {
        var id = NextId();
        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Merchants.InsertMerchantAsync(
            new Merchant(id, $"Shop {i}", Merchant.Active, null, false, NowMs()), CancellationToken.None)));
        results.Count(r => r).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM merchants")).ShouldBe(1);
    }

    [Fact]
    public async Task An_update_changes_only_the_fields_it_is_given()
    {
        var id = await NewMerchantAsync("https://old");

        (await Merchants.UpdateMerchantAsync(id, Merchant.Disabled, null, null, CancellationToken.None)).ShouldBeTrue();
        var disabled = (await Merchants.GetMerchantAsync(id, CancellationToken.None))!;
        (disabled.Status, disabled.WebhookUrl, disabled.DirectDebitEnabled).ShouldBe((Merchant.Disabled, "https://old", false));

        (await Merchants.UpdateMerchantAsync(id, null, "https://new", true, CancellationToken.None)).ShouldBeTrue();
        var updated = (await Merchants.GetMerchantAsync(id, CancellationToken.None))!;
        (updated.Status, updated.WebhookUrl, updated.DirectDebitEnabled).ShouldBe((Merchant.Disabled, "https://new", true));

        (await Merchants.UpdateMerchantAsync(NextId(), Merchant.Active, null, null, CancellationToken.None))
            .ShouldBeFalse();
    }

    [Fact]
    public async Task An_api_key_carries_its_merchant_status_and_is_revoked_once()
    {
        var id = await NewMerchantAsync();
        var key = Key();
        byte[] cipher = [1, 2, 3, 250];
        await Merchants.InsertApiKeyAsync(id, key, cipher, NowMs(), CancellationToken.None);
        await Should.ThrowAsync<DbException>(() =>
            Merchants.InsertApiKeyAsync(id, key, [9], NowMs(), CancellationToken.None));

        (await Merchants.GetApiKeyAsync(key, CancellationToken.None))
            .ShouldBeEquivalentTo(new ApiKeyRecord(key, id, Merchant.Active, cipher, false));
        (await Merchants.GetApiKeyAsync(Key(), CancellationToken.None)).ShouldBeNull();

        await Merchants.UpdateMerchantAsync(id, Merchant.Disabled, null, null, CancellationToken.None);
        (await Merchants.GetApiKeyAsync(key, CancellationToken.None))!.MerchantStatus.ShouldBe(Merchant.Disabled);

        var revocations = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Merchants.RevokeApiKeyAsync(key, NowMs(), CancellationToken.None)));
        revocations.Count(r => r).ShouldBe(1);
        (await Merchants.GetApiKeyAsync(key, CancellationToken.None))!.Revoked.ShouldBeTrue();
        (await Merchants.RevokeApiKeyAsync(Key(), NowMs(), CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_sub_merchant_id_is_taken_once_and_seen_only_by_its_merchant()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var sub = new SubMerchant(NextId(), merchant, "Branch", Merchant.Active, 5_000);

        (await Merchants.InsertSubMerchantAsync(sub, CancellationToken.None)).ShouldBeTrue();
        (await Merchants.InsertSubMerchantAsync(sub with { MerchantId = other }, CancellationToken.None))
            .ShouldBeFalse();

        (await Merchants.GetSubMerchantAsync(merchant, sub.SubMerchantId, CancellationToken.None)).ShouldBe(sub);
        (await Merchants.GetSubMerchantAsync(other, sub.SubMerchantId, CancellationToken.None)).ShouldBeNull();
    }

    private static string Key() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
}

public sealed class SqliteMerchantStoreTests() : MerchantStoreTests(Store.Sqlite);

public sealed class PostgresMerchantStoreTests() : MerchantStoreTests(Store.Postgres);

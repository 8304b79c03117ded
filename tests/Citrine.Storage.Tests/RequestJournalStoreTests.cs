using Citrine.Application.Requests;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>The request journal's table on both databases: append in batches, filtered pages in both directions,
/// and pruning by age and by count per merchant (docs/observability.md#request-journal).</summary>
public abstract class RequestJournalStoreTests(Store store) : StoreContract(store)
{
    private SqlRequestJournalStore Journal => new(Database);

    private static RequestJournalEntry Entry(long merchantId, long atMs, string code = "000000",
        string path = "/binancepay/openapi/v2/order") =>
        new(0, merchantId, atMs, "POST", path, code == "000000" ? 200 : 400, code, 3,
            code == "000000" ? null : "rule", "1", "VALID", "n", "VALID", "VALID", "{}", 2);

    [Fact]
    public async Task Entries_round_trip_and_filter_newest_first_or_oldest_first_after_a_cursor()
    {
        var merchant = NextId();
        var other = NextId();
        await Journal.AppendAsync(
        [
            Entry(merchant, 1000), Entry(merchant, 2000, "400002"), Entry(other, 2500),
            Entry(merchant, 3000, "400002", "/binancepay/openapi/v3/order"), Entry(merchant, 4000),
        ], CancellationToken.None);

        var all = await Journal.ListAsync(new RequestJournalQuery(merchant, null, null, null, null, null, 10),
            CancellationToken.None);
        all.Select(e => e.AtMs).ShouldBe([4000L, 3000, 2000, 1000]);
        all.ShouldAllBe(e => e.MerchantId == merchant);
        var second = all[2];
        (second.Method, second.Path, second.HttpStatus, second.Code, second.LatencyMs, second.Rule)
            .ShouldBe(("POST", "/binancepay/openapi/v2/order", 400, "400002", 3L, "rule"));
        (second.Timestamp, second.TimestampCheck, second.Nonce, second.NonceCheck, second.SignatureCheck,
            second.BodyExcerpt, second.BodyBytes).ShouldBe(("1", "VALID", "n", "VALID", "VALID", "{}", 2));

        var bad = await Journal.ListAsync(new RequestJournalQuery(merchant, "400002", null, null, null, null, 10),
            CancellationToken.None);
        bad.Select(e => e.AtMs).ShouldBe([3000L, 2000]);
        var v3 = await Journal.ListAsync(new RequestJournalQuery(merchant, "400002", "/binancepay/openapi/v3/order",
            null, null, null, 10), CancellationToken.None);
        v3.ShouldHaveSingleItem().AtMs.ShouldBe(3000);
        var since = await Journal.ListAsync(new RequestJournalQuery(merchant, null, null, 2000, null, null, 10),
            CancellationToken.None);
        since.Select(e => e.AtMs).ShouldBe([4000L, 3000, 2000]);

        var page = await Journal.ListAsync(new RequestJournalQuery(merchant, null, null, null, all[1].EntryId, null,
            10), CancellationToken.None);
        page.Select(e => e.AtMs).ShouldBe([2000L, 1000]);
        var after = await Journal.ListAsync(new RequestJournalQuery(merchant, null, null, null, null, all[3].EntryId,
            2), CancellationToken.None);
        after.Select(e => e.AtMs).ShouldBe([2000L, 3000]);
    }

    [Fact]
    public async Task Pruning_deletes_entries_past_the_cutoff_and_all_but_the_newest_per_merchant()
    {
        var old = NextId();
        var busy = NextId();
        await Journal.AppendAsync([Entry(old, 1000), Entry(old, 2000), Entry(old, 9000)], CancellationToken.None);
        await Journal.AppendAsync([.. Enumerable.Range(0, 60).Select(i => Entry(busy, 10_000 + i))],
            CancellationToken.None);

        var deleted = await Journal.PruneAsync(cutoffMs: 5000, maxPerMerchant: 5, CancellationToken.None);

        deleted.ShouldBe(2 + 55);
        (await Journal.ListAsync(new RequestJournalQuery(old, null, null, null, null, null, 10),
            CancellationToken.None)).ShouldHaveSingleItem().AtMs.ShouldBe(9000);
        (await Journal.ListAsync(new RequestJournalQuery(busy, null, null, null, null, null, 100),
            CancellationToken.None)).Select(e => e.AtMs).ShouldBe([10_059L, 10_058, 10_057, 10_056, 10_055]);
        (await Journal.PruneAsync(5000, 5, CancellationToken.None)).ShouldBe(0);
    }
}

public sealed class SqliteRequestJournalStoreTests() : RequestJournalStoreTests(Store.Sqlite);

public sealed class PostgresRequestJournalStoreTests() : RequestJournalStoreTests(Store.Postgres);

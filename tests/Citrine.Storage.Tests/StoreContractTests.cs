using Citrine.Application.Auth;
using System.Data.Common;
using Citrine.Domain.Orders;
using Citrine.Testing;
using Microsoft.Data.Sqlite;

namespace Citrine.Storage.Tests;

/// <summary>
/// The storage contract, run unchanged on SQLite and PostgreSQL (issue 2 §7): migrations, order uniqueness, the
/// conditional transitions with their outbox row, nonce uniqueness, and writes that fail alone. Each test gets a fresh
/// database.
/// </summary>
public abstract class StoreContractTests(Store store) : StoreContract(store)
{
    private SqlOrderStore Orders => new(Database);

    [Fact]
    public async Task Migrations_apply_twice_without_change()
    {
        var expected = MigrationRunner.Load(Database.Kind).Select(m => (long)m.Version).ToList();
        expected.ShouldNotBeEmpty();

        await Database.MigrateAsync(CancellationToken.None);
        await Database.MigrateAsync(CancellationToken.None);

        var applied = await Database.ReadAsync((c, ct) => c.QueryAsync(
            "SELECT version FROM schema_migrations ORDER BY version", r => r.GetInt64(0), ct), CancellationToken.None);
        applied.ShouldBe(expected);
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_migrations_apply_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Database.MigrateAsync(CancellationToken.None)));
        (await CountAsync("SELECT COUNT(*) FROM schema_migrations"))
            .ShouldBe(MigrationRunner.Load(Database.Kind).Count);
    }

    [Fact]
    public async Task An_order_round_trips_every_field_and_is_found_only_by_its_merchant()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var order = NewOrder(merchant) with
        {
            SubMerchantId = 2107268400000001,
            ProductType = "01",
            ProductDetail = "detail",
            ReturnUrl = "https://r",
            CancelUrl = "https://c",
            WebhookUrl = "https://w",
            PassThroughInfo = "pass",
            SupportPayCurrency = "BUSD,BNB",
            FiatCurrency = "EUR",
            FiatAmountUnits = 1_000_000_000,
        };

        (await Orders.TryInsertAsync(order, CancellationToken.None)).ShouldBeTrue();

        (await Orders.GetAsync(order.PrepayId, CancellationToken.None)).ShouldBe(order);
        (await Orders.FindAsync(merchant, order.PrepayId, null, CancellationToken.None)).ShouldBe(order);
        (await Orders.FindAsync(merchant, null, order.MerchantTradeNo, CancellationToken.None)).ShouldBe(order);
        (await Orders.FindByCheckoutCodeAsync(order.CheckoutCode, CancellationToken.None)).ShouldBe(order);
        (await Orders.FindAsync(other, order.PrepayId, null, CancellationToken.None)).ShouldBeNull();
        (await Orders.FindAsync(other, null, order.MerchantTradeNo, CancellationToken.None)).ShouldBeNull();
        (await Orders.GetAsync(order.PrepayId + 1, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_merchantTradeNo_or_prepayId_is_taken_once_per_merchant()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var order = NewOrder(merchant);
        (await Orders.TryInsertAsync(order, CancellationToken.None)).ShouldBeTrue();

        var sameTradeNo = NewOrder(merchant) with { MerchantTradeNo = order.MerchantTradeNo };
        (await Orders.TryInsertAsync(sameTradeNo, CancellationToken.None)).ShouldBeFalse();
        var samePrepayId = NewOrder(merchant) with { PrepayId = order.PrepayId };
        (await Orders.TryInsertAsync(samePrepayId, CancellationToken.None)).ShouldBeFalse();
        (await Orders.MerchantTradeNoExistsAsync(merchant, order.MerchantTradeNo, CancellationToken.None))
            .ShouldBeTrue();
        (await Orders.MerchantTradeNoExistsAsync(merchant, samePrepayId.MerchantTradeNo, CancellationToken.None))
            .ShouldBeFalse();

        var otherMerchant = NewOrder(other) with { MerchantTradeNo = order.MerchantTradeNo };
        (await Orders.TryInsertAsync(otherMerchant, CancellationToken.None)).ShouldBeTrue();
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_inserts_of_one_merchantTradeNo_have_one_winner()
    {
        var merchant = await NewMerchantAsync();
        var tradeNo = "race" + Guid.NewGuid().ToString("N")[..20];
        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            Orders.TryInsertAsync(NewOrder(merchant) with { MerchantTradeNo = tradeNo }, CancellationToken.None)));
        results.Count(r => r).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM orders")).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_closes_have_one_winner_that_writes_the_one_outbox_row()
    {
        var merchant = await NewMerchantAsync();
        var order = NewOrder(merchant);
        await Orders.TryInsertAsync(order, CancellationToken.None);
        var now = NowMs();

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            Orders.TryCloseAsync(order.PrepayId, now, Event(order, $"close{i}"), CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        (await Orders.GetAsync(order.PrepayId, CancellationToken.None))!.Status.ShouldBe(OrderStatus.Canceled);
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_id = @p", ("@p", order.PrepayId))).ShouldBe(1);
        (await Orders.TryCloseAsync(order.PrepayId, now, Event(order, "late"), CancellationToken.None)).ShouldBeFalse();
        (await Orders.TryExpireAsync(order.PrepayId, order.ExpireTimeMs, Event(order, "late"), CancellationToken.None))
            .ShouldBeFalse();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox")).ShouldBe(1);
    }

    [Fact]
    public async Task An_order_expires_only_once_its_time_has_come_and_then_cannot_be_closed()
    {
        var merchant = await NewMerchantAsync();
        var order = NewOrder(merchant);
        await Orders.TryInsertAsync(order, CancellationToken.None);

        (await Orders.TryExpireAsync(order.PrepayId, order.ExpireTimeMs - 1, Event(order, "early"), CancellationToken.None))
            .ShouldBeFalse();
        (await Orders.ListOverdueAsync(order.ExpireTimeMs - 1, 10, CancellationToken.None)).ShouldBeEmpty();
        (await Orders.ListOverdueAsync(order.ExpireTimeMs, 10, CancellationToken.None)).Select(o => o.PrepayId)
            .ShouldBe([order.PrepayId]);
        // At its expiry time an order can no longer be closed.
        (await Orders.TryCloseAsync(order.PrepayId, order.ExpireTimeMs, Event(order, "close"), CancellationToken.None))
            .ShouldBeFalse();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Orders.TryExpireAsync(order.PrepayId,
            order.ExpireTimeMs, Event(order, "expired"), CancellationToken.None)));
        results.Count(r => r).ShouldBe(1);
        (await Orders.GetAsync(order.PrepayId, CancellationToken.None))!.Status.ShouldBe(OrderStatus.Expired);
        (await Orders.ListOverdueAsync(order.ExpireTimeMs, 10, CancellationToken.None)).ShouldBeEmpty();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_status = 'expired'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_nonce_is_used_once_per_key_even_under_concurrency()
    {
        var now = NowMs();
        var nonces = new SqlNonceStore(Database);
        await nonces.OpenAsync(now, 1_000, CancellationToken.None);
        (await nonces.TryUseAsync("key1", "nonceA", now, now, CancellationToken.None)).ShouldBe(NonceUse.Accepted);
        (await nonces.TryUseAsync("key1", "nonceA", now, now, CancellationToken.None)).ShouldBe(NonceUse.Replayed);
        (await nonces.TryUseAsync("key2", "nonceA", now, now, CancellationToken.None)).ShouldBe(NonceUse.Accepted);

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            nonces.TryUseAsync("key1", "nonceB", now, now, CancellationToken.None)));
        results.Count(r => r == NonceUse.Accepted).ShouldBe(1);
        results.Count(r => r == NonceUse.Replayed).ShouldBe(Racers - 1);

        (await nonces.TryUseAsync("key3", "old", now, now - 10_000, CancellationToken.None)).ShouldBe(NonceUse.Accepted);
        (await nonces.PruneAsync(now - 5_000, CancellationToken.None)).ShouldBe(1);
        (await nonces.TryUseAsync("key3", "old", now, now, CancellationToken.None)).ShouldBe(NonceUse.Accepted);
    }

    [Fact]
    public async Task A_clean_stop_hands_the_nonces_to_the_next_start()
    {
        var now = NowMs();
        var first = new SqlNonceStore(Database);
        await first.OpenAsync(now, 60_000, CancellationToken.None);
        (await first.TryUseAsync("key1", "nonceA", now, now, CancellationToken.None)).ShouldBe(NonceUse.Accepted);
        await first.CloseAsync(CancellationToken.None);

        var next = new SqlNonceStore(Database);
        await next.OpenAsync(now + 10, 60_000, CancellationToken.None);
        (await next.TryUseAsync("key1", "nonceA", now, now + 10, CancellationToken.None)).ShouldBe(NonceUse.Replayed);
        (await next.TryUseAsync("key1", "nonceB", now, now + 10, CancellationToken.None)).ShouldBe(NonceUse.Accepted);
    }

    [Fact]
    public async Task After_losing_the_nonces_timestamps_before_the_fence_are_refused()
    {
        var now = NowMs();
        var first = new SqlNonceStore(Database);
        await first.OpenAsync(now, 60_000, CancellationToken.None);
        (await first.TryUseAsync("key1", "nonceA", now, now, CancellationToken.None)).ShouldBe(NonceUse.Accepted);

        // SQLite: the process dies without CloseAsync. PostgreSQL: crash recovery empties the unlogged tables.
        if (Database.Kind == DatabaseKind.Postgres)
        {
            await Database.WriteAsync((c, ct) => c.ExecuteAsync("TRUNCATE nonces, nonce_epoch", ct),
                CancellationToken.None);
        }

        var next = new SqlNonceStore(Database);
        await next.OpenAsync(now + 10, 60_000, CancellationToken.None);
        (await next.TryUseAsync("key1", "nonceA", now, now + 10, CancellationToken.None))
            .ShouldBe(NonceUse.BeforeRestart);
        (await next.TryUseAsync("key1", "nonceB", now, now + 10, CancellationToken.None))
            .ShouldBe(NonceUse.BeforeRestart, "signed no later than what the lost run accepted");
        if (Database.Kind == DatabaseKind.Sqlite)
        {
            // The process died, the machine did not: the fence is the highest timestamp the lost run accepted.
            (await next.TryUseAsync("key1", "nonceC", now + 1, now + 10, CancellationToken.None))
                .ShouldBe(NonceUse.Accepted);
        }
        else
        {
            (await next.TryUseAsync("key1", "nonceC", now + 60_000, now + 10, CancellationToken.None))
                .ShouldBe(NonceUse.BeforeRestart, "the fence is armed at the first use after the loss plus the window");
            (await next.TryUseAsync("key1", "nonceD", now + 60_100, now + 200, CancellationToken.None))
                .ShouldBe(NonceUse.Accepted);
        }
    }

    [Fact]
    public async Task Writes_that_throw_keep_none_of_their_rows_and_cost_the_others_nothing()
    {
        // Hold the writer (on SQLite, the single writer connection) so the racers queue up and share one batch.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = Database.WriteAsync(async (_, _) =>
        {
            started.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await started.Task;

        var writes = Enumerable.Range(0, Racers).Select(i => Database.WriteAsync(async (c, ct) =>
        {
            await c.ExecuteAsync("INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES ('batch', @n, 1)", ct,
                ("@n", Nonce(i)));
            return i % 5 == 0 ? throw new InvalidOperationException($"write {i} fails") : i;
        }, CancellationToken.None)).ToList();
        release.SetResult();
        await gate;

        for (var i = 0; i < Racers; i++)
        {
            if (i % 5 == 0)
            {
                (await Should.ThrowAsync<InvalidOperationException>(writes[i])).Message.ShouldBe($"write {i} fails");
            }
            else
            {
                (await writes[i]).ShouldBe(i);
            }
        }

        var stored = await Database.ReadAsync((c, ct) => c.QueryAsync(
            "SELECT nonce FROM nonces WHERE api_key = 'batch'", r => r.GetString(0), ct), CancellationToken.None);
        stored.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, Racers).Where(i => i % 5 != 0).Select(Nonce)
            .Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_that_breaks_a_constraint_fails_alone_with_the_database_error()
    {
        var merchant = await NewMerchantAsync();
        var writes = new[]
        {
            Database.WriteAsync((c, ct) => c.ExecuteAsync(
                "INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES ('k', 'first', 1)", ct), CancellationToken.None),
            Database.WriteAsync((c, ct) => c.ExecuteAsync(
                "INSERT INTO merchants (merchant_id, name, status, created_at_ms) VALUES (@m, 'dup', 'ACTIVE', 1)", ct,
                ("@m", merchant)), CancellationToken.None),
            Database.WriteAsync((c, ct) => c.ExecuteAsync(
                "INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES ('k', 'second', 1)", ct), CancellationToken.None),
        };

        (await writes[0]).ShouldBe(1);
        await Should.ThrowAsync<DbException>(writes[1]);
        (await writes[2]).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM nonces WHERE api_key = 'k'")).ShouldBe(2);
    }

    private static string Nonce(int i) => "n" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteStoreContractTests() : StoreContractTests(Store.Sqlite)
{
    [Fact]
    public async Task The_writer_survives_a_write_that_ends_the_shared_transaction()
    {
        // SQLite rolls a whole transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR); a work that
        // ends it stands in for that. Nothing of that batch may be reported durable, and later writes must run.
        var broken = Database.WriteAsync((c, ct) => c.ExecuteAsync("ROLLBACK", ct), CancellationToken.None);
        await Should.ThrowAsync<SqliteException>(broken.WaitAsync(TimeSpan.FromSeconds(10)));

        var after = await Database.WriteAsync((c, ct) => c.ExecuteAsync(
            "INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES ('k', 'after', 1)", ct), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        after.ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM nonces")).ShouldBe(1);
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        var mode = await Database.ReadAsync(async (c, ct) =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            return (string?)await command.ExecuteScalarAsync(ct);
        }, CancellationToken.None);
        mode.ShouldBe("wal");
    }
}

public sealed class PostgresStoreContractTests() : StoreContractTests(Store.Postgres);

using Citrine.Application.Sandbox;
using Citrine.Domain.Orders;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>The sandbox: a persisted clock that only moves forward and adds up under concurrency, expire-now as a
/// conditional transition with its event, and a reset that touches only its merchant.</summary>
public abstract class SandboxStoreTests(Store store) : StoreContract(store)
{
    private SqlSandboxStore Sandbox => new(Database);

    private SqlOrderStore Orders => new(Database);

    [Fact]
    public async Task The_clock_starts_at_zero_and_concurrent_advances_all_count()
    {
        (await Sandbox.ReadClockOffsetAsync(CancellationToken.None)).ShouldBe(0);
        (await Sandbox.AdvanceClockAsync(1_000, CancellationToken.None)).ShouldBe(1_000);

        var offsets = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            Sandbox.AdvanceClockAsync(10, CancellationToken.None)));

        offsets.Distinct().Count().ShouldBe(Racers);
        offsets.Max().ShouldBe(1_000 + Racers * 10);
        (await Sandbox.ReadClockOffsetAsync(CancellationToken.None)).ShouldBe(1_000 + Racers * 10);
    }

    [Fact]
    public async Task Neither_clock_can_run_past_its_cap_and_a_refused_advance_changes_nothing()
    {
        var merchant = await NewMerchantAsync();
        var start = await Sandbox.ReadClockOffsetAsync(CancellationToken.None);

        (await Sandbox.AdvanceMerchantClockAsync(merchant, SandboxClock.OffsetMaxMs, CancellationToken.None))
            .ShouldBe(SandboxClock.OffsetMaxMs);
        (await Sandbox.AdvanceMerchantClockAsync(merchant, 1, CancellationToken.None)).ShouldBeNull();
        (await Sandbox.ReadMerchantClockOffsetAsync(merchant, CancellationToken.None)).ShouldBe(SandboxClock.OffsetMaxMs);
        (await Sandbox.AdvanceClockAsync(SandboxClock.OffsetMaxMs - start + 1, CancellationToken.None)).ShouldBeNull();
        (await Sandbox.ReadClockOffsetAsync(CancellationToken.None)).ShouldBe(start);
    }

    [Fact]
    public async Task A_merchants_clock_adds_up_under_concurrency_and_moves_only_its_own_overdue_orders()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        (await Sandbox.ReadMerchantClockOffsetAsync(merchant, CancellationToken.None)).ShouldBe(0);
        var mine = NewOrder(merchant);
        var theirs = NewOrder(other) with { ExpireTimeMs = mine.ExpireTimeMs };
        await Orders.TryInsertAsync(mine, CancellationToken.None);
        await Orders.TryInsertAsync(theirs, CancellationToken.None);

        var offsets = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ =>
            Sandbox.AdvanceMerchantClockAsync(merchant, 10, CancellationToken.None)));

        offsets.Distinct().Count().ShouldBe(Racers);
        (await Sandbox.ReadMerchantClockOffsetAsync(merchant, CancellationToken.None)).ShouldBe(Racers * 10);
        (await Sandbox.ReadMerchantClockOffsetAsync(other, CancellationToken.None)).ShouldBe(0);
        (await Sandbox.ReadMerchantClockOffsetsAsync(CancellationToken.None)).ShouldBe([(merchant, Racers * 10L)]);
        (await Sandbox.ReadClockOffsetAsync(CancellationToken.None)).ShouldBe(0, "not the server-wide clock");
        // Overdue by each merchant's own clock: server-wide now + that merchant's offset.
        var justBefore = mine.ExpireTimeMs - Racers * 10;
        (await Orders.ListOverdueAsync(justBefore - 1, 10, CancellationToken.None)).ShouldBeEmpty();
        (await Orders.ListOverdueAsync(justBefore, 10, CancellationToken.None)).Select(o => o.PrepayId)
            .ShouldBe([mine.PrepayId]);
        (await Orders.ListOverdueAsync(mine.ExpireTimeMs, 10, CancellationToken.None)).Select(o => o.PrepayId)
            .Order().ShouldBe(new[] { mine.PrepayId, theirs.PrepayId }.Order());
    }

    [Fact]
    public async Task Expire_now_ends_an_open_order_once_with_its_event()
    {
        var order = NewOrder(await NewMerchantAsync());
        await Orders.TryInsertAsync(order, CancellationToken.None);
        var now = NowMs();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Sandbox.TryExpireNowAsync(order.PrepayId, now, Event(order, "PAY_CLOSED"), CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        var expired = (await Orders.GetAsync(order.PrepayId, CancellationToken.None))!;
        (expired.Status, expired.ExpireTimeMs, expired.TransactTimeMs).ShouldBe((OrderStatus.Expired, now, now));
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_id = @p", ("@p", order.PrepayId)))
            .ShouldBe(1);

        var closed = NewOrder(order.MerchantId);
        await Orders.TryInsertAsync(closed, CancellationToken.None);
        await Orders.TryCloseAsync(closed.PrepayId, now, Event(closed, "closed"), CancellationToken.None);
        (await Sandbox.TryExpireNowAsync(closed.PrepayId, now, Event(closed, "PAY_CLOSED"), CancellationToken.None))
            .ShouldBeFalse();
        (await Sandbox.TryExpireNowAsync(closed.PrepayId + 1, now, Event(closed, "PAY_CLOSED"), CancellationToken.None))
            .ShouldBeFalse();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox")).ShouldBe(2);
    }

    [Fact]
    public async Task Expire_now_keeps_an_expiry_time_already_in_the_past()
    {
        var order = NewOrder(await NewMerchantAsync());
        await Orders.TryInsertAsync(order, CancellationToken.None);
        var later = order.ExpireTimeMs + 5_000;

        (await Sandbox.TryExpireNowAsync(order.PrepayId, later, Event(order, "PAY_CLOSED"), CancellationToken.None))
            .ShouldBeTrue();

        (await Orders.GetAsync(order.PrepayId, CancellationToken.None))!.ExpireTimeMs.ShouldBe(order.ExpireTimeMs);
    }

    [Fact]
    public async Task A_reset_deletes_only_its_merchants_orders_and_events_and_lists_the_paid_ones()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var open = NewOrder(merchant);
        var paid = NewOrder(merchant);
        var kept = NewOrder(other);
        foreach (var order in new[] { open, paid, kept })
        {
            await Orders.TryInsertAsync(order, CancellationToken.None);
        }

        await Orders.TryCloseAsync(open.PrepayId, NowMs(), Event(open, "closed"), CancellationToken.None);
        await Orders.TryCloseAsync(kept.PrepayId, NowMs(), Event(kept, "closed"), CancellationToken.None);
        // The payment journal a paid order leaves behind (the ledger is append-only and survives the reset).
        await ExecuteAsync(
            "INSERT INTO journals (kind, reference, order_id, created_at_ms) VALUES ('PAYMENT', 'p', @p, 1)",
            ("@p", paid.PrepayId));

        (await Sandbox.ResetMerchantAsync(merchant, 9_000, CancellationToken.None))
            .ShouldBe(new SandboxResetCounts(2, 0, 1));

        (await CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m", ("@m", merchant))).ShouldBe(0);
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m", ("@m", merchant))).ShouldBe(0);
        (await Orders.GetAsync(kept.PrepayId, CancellationToken.None)).ShouldNotBeNull();
        (await CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m", ("@m", other))).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM journals")).ShouldBe(1);
        (await CountAsync(
            "SELECT COUNT(*) FROM sandbox_reset_orders WHERE prepay_id = @p AND merchant_id = @m AND reset_at_ms = 9000",
            ("@p", paid.PrepayId), ("@m", merchant))).ShouldBe(1);
        (await CountAsync("SELECT COUNT(*) FROM sandbox_reset_orders")).ShouldBe(1);
    }
}

public sealed class SqliteSandboxStoreTests() : SandboxStoreTests(Store.Sqlite);

public sealed class PostgresSandboxStoreTests() : SandboxStoreTests(Store.Postgres);

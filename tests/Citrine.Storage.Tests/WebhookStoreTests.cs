using Citrine.Application.Webhooks;
using Citrine.Testing;

namespace Citrine.Storage.Tests;

/// <summary>
/// The webhook outbox: events are enqueued with the write that caused them, leased by one claimer at a time, one
/// stream after another, recorded only by the lease holder, retried when their time comes, and put back by a
/// redelivery.
/// </summary>
public abstract class WebhookStoreTests(Store store) : StoreContract(store)
{
    private const long Lease = 30_000;

    private SqlWebhookStore Webhooks => new(Database);

    [Fact]
    public async Task Events_of_one_stream_go_out_one_after_another_and_streams_do_not_wait_for_each_other()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        (await Webhooks.HasDueAsync(now, CancellationToken.None)).ShouldBeFalse();
        var a1 = await EnqueueAsync(merchant, "a", now);
        var a2 = await EnqueueAsync(merchant, "a", now);
        var b1 = await EnqueueAsync(merchant, "b", now, "https://event.example/hook");
        (await Webhooks.HasDueAsync(now, CancellationToken.None)).ShouldBeTrue();

        var first = await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None);

        first.Select(c => c.Event.EventId).ShouldBe([a1, b1]);
        first.Select(c => c.Destination).ShouldBe(["https://merchant.example/hook", "https://event.example/hook"]);
        (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).ShouldBeEmpty();

        (await Webhooks.RecordAttemptAsync(first[0], Attempt(first[0], 1, delivered: true, now), WebhookStates.Delivered,
            now, CancellationToken.None)).ShouldBeTrue();
        (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Select(c => c.Event.EventId)
            .ShouldBe([a2]);
    }

    [Fact]
    public async Task A_delivered_event_keeps_its_attempt_and_is_not_claimed_again()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        var id = await EnqueueAsync(merchant, "s", now);
        var claim = (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Single();

        var attempt = Attempt(claim, 1, delivered: true, now + 5);
        (await Webhooks.RecordAttemptAsync(claim, attempt, WebhookStates.Delivered, now, CancellationToken.None))
            .ShouldBeTrue();

        var row = (await Webhooks.GetAsync(id, CancellationToken.None))!;
        (row.State, row.Attempts, row.DeliveredAtMs, row.LastError).ShouldBe((WebhookStates.Delivered, 1, now + 5, null));
        (await Webhooks.ListAttemptsAsync(id, CancellationToken.None)).ShouldBe([attempt]);
        (await Webhooks.HasDueAsync(now + Lease * 10, CancellationToken.None)).ShouldBeFalse();
        (await Webhooks.ClaimDueAsync(now + Lease * 10, now + Lease * 11, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_lease_keeps_others_off_until_it_runs_out_and_then_only_the_new_holder_may_record()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        var id = await EnqueueAsync(merchant, "s", now);
        var stale = (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Single();

        (await Webhooks.ClaimDueAsync(now + Lease - 1, now + 2 * Lease, 10, CancellationToken.None)).ShouldBeEmpty();
        var fresh = (await Webhooks.ClaimDueAsync(now + Lease, now + 2 * Lease, 10, CancellationToken.None)).Single();
        fresh.LeaseToken.ShouldNotBe(stale.LeaseToken);

        (await Webhooks.RecordAttemptAsync(stale, Attempt(stale, 1, delivered: true, now), WebhookStates.Delivered, now,
            CancellationToken.None)).ShouldBeFalse();
        (await Webhooks.MarkNoDestinationAsync(stale, "none", CancellationToken.None)).ShouldBeFalse();
        (await Webhooks.ListAttemptsAsync(id, CancellationToken.None)).ShouldBeEmpty();
        (await Webhooks.GetAsync(id, CancellationToken.None))!.State.ShouldBe(WebhookStates.Pending);

        await Webhooks.ReleaseAsync(fresh, CancellationToken.None);
        (await Webhooks.ClaimDueAsync(now + Lease, now + 2 * Lease, 10, CancellationToken.None)).Single().Event.EventId
            .ShouldBe(id);
    }

    [Fact]
    public async Task Concurrent_claimers_lease_each_event_once()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await EnqueueAsync(merchant, $"stream{i}", now));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Webhooks.ClaimDueAsync(now, now + Lease, 7, CancellationToken.None)));

        var claimed = claims.SelectMany(c => c).Select(c => c.Event.EventId).ToList();
        claimed.Count.ShouldBe(claimed.Distinct().Count());
        claimed.Order().ShouldBe(ids);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_when_its_time_comes_and_holds_its_stream_back_meanwhile()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        var id = await EnqueueAsync(merchant, "s", now);
        var next = await EnqueueAsync(merchant, "s", now);
        var claim = (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Single();

        (await Webhooks.RecordAttemptAsync(claim, Attempt(claim, 1, delivered: false, now), WebhookStates.Pending,
            now + 1_000, CancellationToken.None)).ShouldBeTrue();

        var row = (await Webhooks.GetAsync(id, CancellationToken.None))!;
        (row.State, row.Attempts, row.NextAttemptAtMs, row.LastError).ShouldBe((WebhookStates.Pending, 1, now + 1_000,
            "HTTP 500"));
        (await Webhooks.HasDueAsync(now + 999, CancellationToken.None)).ShouldBeFalse();
        (await Webhooks.ClaimDueAsync(now + 999, now + Lease, 10, CancellationToken.None)).ShouldBeEmpty();
        var retry = (await Webhooks.ClaimDueAsync(now + 1_000, now + Lease, 10, CancellationToken.None)).Single();
        retry.Event.EventId.ShouldBe(id);

        // Out of retries: FAILED is final and no longer holds the stream back.
        (await Webhooks.RecordAttemptAsync(retry, Attempt(retry, 2, delivered: false, now + 1_000),
            WebhookStates.Failed, now + 1_000, CancellationToken.None)).ShouldBeTrue();
        (await Webhooks.ClaimDueAsync(now + 1_000, now + Lease, 10, CancellationToken.None)).Single().Event.EventId
            .ShouldBe(next);
        (await Webhooks.ListAttemptsAsync(id, CancellationToken.None)).Select(a => a.Attempt).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task A_redelivery_puts_an_event_back_due_now_with_a_fresh_round_and_voids_a_lease_in_flight()
    {
        var merchant = await NewMerchantAsync("https://merchant.example/hook");
        var now = NowMs();
        var id = await EnqueueAsync(merchant, "s", now);
        var claim = (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Single();
        await Webhooks.RecordAttemptAsync(claim, Attempt(claim, 1, delivered: false, now), WebhookStates.Failed, now,
            CancellationToken.None);

        (await Webhooks.RedeliverAsync(id, now + 50, CancellationToken.None)).ShouldBeTrue();

        var row = (await Webhooks.GetAsync(id, CancellationToken.None))!;
        (row.State, row.Attempts, row.Redeliveries, row.NextAttemptAtMs, row.LastError)
            .ShouldBe((WebhookStates.Pending, 0, 1, now + 50, null));
        (await Webhooks.ListAttemptsAsync(id, CancellationToken.None)).Count.ShouldBe(1);
        var again = (await Webhooks.ClaimDueAsync(now + 50, now + Lease, 10, CancellationToken.None)).Single();

        (await Webhooks.RedeliverAsync(id, now + 60, CancellationToken.None)).ShouldBeTrue();
        (await Webhooks.RecordAttemptAsync(again, Attempt(again, 1, delivered: true, now + 60) with { Round = 1 },
            WebhookStates.Delivered, now, CancellationToken.None)).ShouldBeFalse();
        (await Webhooks.GetAsync(id, CancellationToken.None))!.Redeliveries.ShouldBe(2);
        (await Webhooks.RedeliverAsync(id + 1_000, now, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_event_without_any_destination_is_claimed_with_none_and_marked_so_by_its_holder()
    {
        var merchant = await NewMerchantAsync();
        var now = NowMs();
        var id = await EnqueueAsync(merchant, "s", now);
        var claim = (await Webhooks.ClaimDueAsync(now, now + Lease, 10, CancellationToken.None)).Single();
        claim.Destination.ShouldBeNull();

        (await Webhooks.MarkNoDestinationAsync(claim, "no webhook URL", CancellationToken.None)).ShouldBeTrue();

        var row = (await Webhooks.GetAsync(id, CancellationToken.None))!;
        (row.State, row.LastError).ShouldBe((WebhookStates.NoDestination, "no webhook URL"));
        (await Webhooks.HasDueAsync(now + Lease, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_merchant_lists_only_its_own_events_oldest_or_newest_first()
    {
        var merchant = await NewMerchantAsync();
        var other = await NewMerchantAsync();
        var now = NowMs();
        var mine = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            mine.Add(await EnqueueAsync(merchant, $"s{i}", now));
            await EnqueueAsync(other, $"s{i}", now);
        }

        (await Webhooks.ListAsync(merchant, 0, 10, CancellationToken.None)).Select(e => e.EventId).ShouldBe(mine);
        (await Webhooks.ListAsync(merchant, mine[1], 1, CancellationToken.None)).Select(e => e.EventId)
            .ShouldBe([mine[2]]);
        (await Webhooks.ListNewestAsync(merchant, long.MaxValue, 3, CancellationToken.None)).Select(e => e.EventId)
            .ShouldBe([mine[3], mine[2], mine[1]]);
        (await Webhooks.ListNewestAsync(merchant, mine[1], 10, CancellationToken.None)).Select(e => e.EventId)
            .ShouldBe([mine[0]]);
        (await Webhooks.LastEventIdAsync(merchant, CancellationToken.None)).ShouldBe(mine[3]);
        (await Webhooks.LastEventIdAsync(NextId(), CancellationToken.None)).ShouldBe(0);
    }

    /// <summary>Enqueues an event as every transition does: through the outbox writer inside a write.</summary>
    private async Task<long> EnqueueAsync(long merchantId, string stream, long nowMs, string? url = null)
    {
        await Database.WriteAsync((c, ct) => OutboxSql.InsertAsync(c,
            new OutboxEvent(merchantId, stream, "PAY", NextId(), "PAID", """{"n":1}""", url, nowMs), ct),
            CancellationToken.None);
        return (await Webhooks.LastEventIdAsync(merchantId, CancellationToken.None));
    }

    private static DeliveryAttempt Attempt(ClaimedEvent claim, int attempt, bool delivered, long atMs) => new()
    {
        EventId = claim.Event.EventId,
        Round = claim.Event.Redeliveries,
        Attempt = attempt,
        AttemptedAtMs = atMs,
        Destination = claim.Destination ?? "none",
        HttpStatus = delivered ? 200 : 500,
        LatencyMs = 12,
        ResponseExcerpt = delivered ? """{"returnCode":"SUCCESS"}""" : null,
        Delivered = delivered,
        Timestamp = "1700000000000",
        Nonce = "nonce" + attempt,
        CertSerial = "serial",
    };
}

public sealed class SqliteWebhookStoreTests() : WebhookStoreTests(Store.Sqlite);

public sealed class PostgresWebhookStoreTests() : WebhookStoreTests(Store.Postgres);

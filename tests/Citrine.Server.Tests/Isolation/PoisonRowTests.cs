using System.Globalization;
using Citrine.Application;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;

namespace Citrine.Server.Tests.Isolation;

/// <summary>
/// The poison-row case for every background loop (issue 12 item 2): one merchant's item always fails, because a
/// trigger installed by the test makes the database refuse that item's write (what a corrupt row or a bug does), while
/// another merchant's items still complete. The failing item is retried with backoff and, after
/// <see cref="BackgroundRetry.MaxFailures"/> failures, parked in a visible state; the loop keeps running afterwards.
/// Loops: order expiry and contract expiry (the direct-debit loop; pay/apply itself runs in the request), refund
/// settlement, and the webhook dispatcher. Own servers: poison triggers must not reach other test classes.
/// </summary>
public abstract class PoisonRowTests(ServerFixture fixture)
{
    private const long Day = 86_400_000;

    private TestServer Server => fixture.Server;

    private static int _poisons;

    /// <summary>Makes the database refuse <paramref name="operation"/> (e.g. <c>UPDATE</c>) on <paramref name="table"/>
    /// for rows where <paramref name="condition"/> holds (written over <c>OLD</c> or <c>NEW</c>).</summary>
    private async Task PoisonAsync(string table, string operation, string condition)
    {
        var name = "poison_" + Interlocked.Increment(ref _poisons).ToString(CultureInfo.InvariantCulture);
        string[] statements = fixture.Store == Store.Sqlite
            ?
            [
                $"CREATE TRIGGER {name} BEFORE {operation} ON {table} WHEN {condition} " +
                "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END",
            ]
            :
            [
                // The condition goes in the function: PostgreSQL allows no subquery in a trigger's WHEN.
                $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF {condition} THEN " +
                "RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$",
                $"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
            ];
        await Server.Database.WriteAsync(async (c, ct) =>
        {
            foreach (var sql in statements)
            {
                await using var command = c.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, CancellationToken.None);
    }

    private static async Task AdvanceAsync(SignedHttp client, long ms)
    {
        var answer = await client.PostAsync("/sandbox/clock/advance", new { advanceMs = ms });
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var last = await read();
        for (var i = 0; i < 300 && !done(last); i++)
        {
            await Task.Delay(50);
            last = await read();
        }

        done(last).ShouldBeTrue($"{what}; last seen: {last}");
        return last;
    }

    private async Task<(long Failures, bool Parked, string Error)?> FailureAsync(string loop, long itemId) =>
        (await Server.QueryDbAsync(
            "SELECT failures, parked_at_ms, last_error FROM background_failures WHERE loop_name = @l AND item_id = @i",
            r => (r.GetInt64(0), !r.IsDBNull(1), r.GetString(2)), ("@l", loop), ("@i", itemId)))
        .Select(x => ((long, bool, string)?)x).SingleOrDefault();

    private async Task<string> OrderStatusAsync(long prepayId) =>
        (await Server.QueryDbAsync("SELECT status FROM orders WHERE prepay_id = @p", r => r.GetString(0),
            ("@p", prepayId))).Single();

    [Fact]
    public async Task Order_expiry_parks_an_order_that_always_fails_and_expires_other_merchants_orders()
    {
        var poisoned = Server.Signed(await Server.CreateMerchantAsync());
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var bad = await poisoned.CreateOrderAsync();
        var good = await other.CreateOrderAsync();
        await PoisonAsync("orders", "UPDATE", $"OLD.prepay_id = {bad}");

        // The poisoned order becomes overdue first, so it heads every listing of the sweep.
        await AdvanceAsync(poisoned, Day);
        await EventuallyAsync(() => FailureAsync(BackgroundRetry.OrderExpiry, bad), f => f?.Failures >= 2,
            "the poisoned order is retried");
        await AdvanceAsync(other, Day);
        await EventuallyAsync(() => OrderStatusAsync(good), s => s == "EXPIRED", "the other merchant's order expires");

        var parked = await EventuallyAsync(() => FailureAsync(BackgroundRetry.OrderExpiry, bad), f => f?.Parked == true,
            "the poisoned order is parked");
        parked!.Value.Failures.ShouldBe(BackgroundRetry.MaxFailures);
        parked.Value.Error.ShouldNotBeNullOrWhiteSpace();
        (await OrderStatusAsync(bad)).ShouldBe("INITIAL");

        // The loop goes on: a later order of the other merchant still expires, and the parked one is left alone.
        var later = await other.CreateOrderAsync();
        await AdvanceAsync(other, Day);
        await EventuallyAsync(() => OrderStatusAsync(later), s => s == "EXPIRED", "a later order expires");
        (await FailureAsync(BackgroundRetry.OrderExpiry, bad))!.Value.Failures.ShouldBe(BackgroundRetry.MaxFailures);
    }

    [Fact]
    public async Task Contract_expiry_parks_a_contract_that_always_fails_and_expires_other_merchants_contracts()
    {
        var poisoned = await Server.NewDirectDebitMerchantAsync();
        var other = await Server.NewDirectDebitMerchantAsync();
        var badCode = ContractBodies.NewCode();
        var goodCode = ContractBodies.NewCode();
        await poisoned.CreateContractAsync(ContractBodies.OneOff(badCode));
        await other.CreateContractAsync(ContractBodies.OneOff(goodCode));
        var bad = (await Server.QueryDbAsync(
            "SELECT pre_contract_id FROM direct_debit_contracts WHERE merchant_contract_code = @c",
            r => r.GetInt64(0), ("@c", badCode))).Single();
        await PoisonAsync("direct_debit_contracts", "UPDATE", $"OLD.pre_contract_id = {bad}");

        await AdvanceAsync(poisoned, Day);
        await EventuallyAsync(() => FailureAsync(BackgroundRetry.ContractExpiry, bad), f => f?.Failures >= 2,
            "the poisoned contract is retried");
        await AdvanceAsync(other, Day);
        Task<string> StatusAsync(string code) => Server.QueryDbAsync(
                "SELECT status FROM direct_debit_contracts WHERE merchant_contract_code = @c", r => r.GetString(0),
                ("@c", code))
            .ContinueWith(t => t.Result.Single(), TaskScheduler.Default);
        await EventuallyAsync(() => StatusAsync(goodCode), s => s == "EXPIRED", "the other merchant's contract expires");

        var parked = await EventuallyAsync(() => FailureAsync(BackgroundRetry.ContractExpiry, bad),
            f => f?.Parked == true, "the poisoned contract is parked");
        parked!.Value.Failures.ShouldBe(BackgroundRetry.MaxFailures);
        (await StatusAsync(badCode)).ShouldBe("INITIAL");
    }

    [Fact]
    public async Task Refund_settlement_retries_a_refund_that_always_fails_with_backoff_then_parks_it()
    {
        var poisoned = Server.Signed(await Server.CreateMerchantAsync());
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var buyerId = await Server.CreateBuyerAsync("Payer", new() { ["USDT"] = "1000" });

        async Task<string> PaidAndRefundedAsync(SignedHttp client)
        {
            var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 10m));
            (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
            var requestId = Guid.NewGuid().ToString("N");
            var refund = await client.PostAsync("/binancepay/openapi/order/refund", new Dictionary<string, object?>
            {
                ["refundRequestId"] = requestId,
                ["prepayId"] = prepayId.ToString(CultureInfo.InvariantCulture),
                ["refundAmount"] = 1m,
            });
            refund.Code.ShouldBe("000000", refund.ToString());
            return requestId;
        }

        // Settling changes the refund's status; the poison refuses exactly that for the poisoned merchant's refunds,
        // so recording the failure (status unchanged) still works.
        await PoisonAsync("refunds", "UPDATE",
            $"OLD.merchant_id = {poisoned.Merchant.MerchantId} AND NEW.status <> 'REFUND_PENDING'");
        var bad = await PaidAndRefundedAsync(poisoned);
        var good = await PaidAndRefundedAsync(other);

        Task<(long Failures, bool Parked, string? Error, string Status, long NextMs)> RefundAsync(long merchantId,
            string requestId) => Server.QueryDbAsync(
                """
                SELECT settle_failures, parked_at_ms, last_settle_error, status, next_settle_at_ms FROM refunds
                WHERE merchant_id = @m AND refund_request_id = @r
                """,
                r => (r.GetInt64(0), !r.IsDBNull(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                    r.GetInt64(4)), ("@m", merchantId), ("@r", requestId))
            .ContinueWith(t => t.Result.Single(), TaskScheduler.Default);

        await EventuallyAsync(() => RefundAsync(other.Merchant.MerchantId, good), r => r.Status == "REFUND_SUCCESS",
            "the other merchant's refund settles");
        var retried = await EventuallyAsync(() => RefundAsync(poisoned.Merchant.MerchantId, bad),
            r => r.Failures is >= 1 and < BackgroundRetry.MaxFailures && !r.Parked, "the poisoned refund waits");
        retried.NextMs.ShouldBeGreaterThan(0, "a retry time is set (backoff)");
        var parked = await EventuallyAsync(() => RefundAsync(poisoned.Merchant.MerchantId, bad), r => r.Parked,
            "the poisoned refund is parked");
        parked.Failures.ShouldBe(BackgroundRetry.MaxFailures);
        parked.Status.ShouldBe("REFUND_PENDING");
        parked.Error.ShouldNotBeNullOrWhiteSpace();

        var later = await PaidAndRefundedAsync(other);
        await EventuallyAsync(() => RefundAsync(other.Merchant.MerchantId, later), r => r.Status == "REFUND_SUCCESS",
            "a later refund settles after the parking");
    }

    [Fact]
    public async Task The_webhook_dispatcher_fails_an_event_it_cannot_record_on_schedule_and_delivers_the_others()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var poisoned = Server.Signed(await Server.CreateMerchantAsync(webhookUrl: receiver.Url));
        var other = Server.Signed(await Server.CreateMerchantAsync(webhookUrl: receiver.Url));

        // Every delivery-log row of the poisoned merchant's events is refused, so recording an attempt always throws.
        await PoisonAsync("webhook_attempts", "INSERT",
            "NEW.event_id IN (SELECT event_id FROM webhook_outbox WHERE merchant_id = " +
            $"{poisoned.Merchant.MerchantId})");
        var buyerId = await Server.CreateBuyerAsync("Payer", new() { ["USDT"] = "1000" });
        var bad = await poisoned.CreateOrderAsync();
        (await poisoned.SandboxPayAsync(bad, buyerId)).Code.ShouldBe("000000");
        var good = await other.CreateOrderAsync();
        (await other.SandboxPayAsync(good, buyerId)).Code.ShouldBe("000000");

        Task<(string State, long Attempts, string? Error)> EventAsync(long merchantId) => Server.QueryDbAsync(
                "SELECT state, attempts, last_error FROM webhook_outbox WHERE merchant_id = @m",
                r => (r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2)), ("@m", merchantId))
            .ContinueWith(t => t.Result.Single(), TaskScheduler.Default);

        await EventuallyAsync(() => EventAsync(other.Merchant.MerchantId), e => e.State == "DELIVERED",
            "the other merchant's webhook is delivered");
        var failed = await EventuallyAsync(() => EventAsync(poisoned.Merchant.MerchantId), e => e.State == "FAILED",
            "the poisoned event ends FAILED");
        failed.Attempts.ShouldBe(7, "every attempt of the schedule (FastWebhooks: seven), then no more");
        failed.Error!.ShouldStartWith("internal error (");
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_outbox o ON o.event_id = a.event_id " +
            "WHERE o.merchant_id = @m", ("@m", poisoned.Merchant.MerchantId))).ShouldBe(0);

        // Visible to the merchant as failed, and the dispatcher goes on delivering.
        var query = await poisoned.PostAsync("/sandbox/webhooks/events", new { });
        query.ToString().ShouldContain("FAILED");
        var later = await other.CreateOrderAsync();
        await other.CloseAsync(later);
        await EventuallyAsync(() => Server.Database.CountAsync(
                "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND state = 'DELIVERED'",
                ("@m", other.Merchant.MerchantId)), n => n == 2, "a later webhook is delivered");
    }
}

/// <summary>A server whose failed background items are retried after 20 ms (doubling), with fast webhooks.</summary>
public abstract class PoisonServer(Store store) : ServerFixture(store, options =>
{
    options.BackgroundRetryMs = 20;
    options.SweepIntervalMs = 50;
    ServerTuning.FastWebhooks(options);
});

public sealed class SqlitePoisonServer() : PoisonServer(Store.Sqlite);

public sealed class PostgresPoisonServer() : PoisonServer(Store.Postgres);

public sealed class SqlitePoisonRowTests(SqlitePoisonServer fixture)
    : PoisonRowTests(fixture), IClassFixture<SqlitePoisonServer>;

public sealed class PostgresPoisonRowTests(PostgresPoisonServer fixture)
    : PoisonRowTests(fixture), IClassFixture<PostgresPoisonServer>;

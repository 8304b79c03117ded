using System.Globalization;
using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Domain.DirectDebit;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Storage.Tests.Lifecycles;

/// <summary>
/// Rows in a chosen state, written straight to the tables (a lifecycle test needs states no request sequence
/// reaches cheaply, such as a pending refund on a CANCELED order), and what the tests read back.
/// </summary>
internal sealed class LifecycleSeeds(Database database)
{
    public const long AmountUnits = 1_000;
    public const long CommissionUnits = 10;
    public const long RefundUnits = 100;
    public const long RefundCommissionUnits = 1;

    private static long _nextMerchantId = 700_000_000 + Random.Shared.Next(0, 90_000_000);

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task<long> MerchantAsync()
    {
        var id = Interlocked.Increment(ref _nextMerchantId);
        (await new SqlMerchantStore(database).InsertMerchantAsync(
            new Merchant(id, "Shop", Merchant.Active, null, false, NowMs()), CancellationToken.None)).ShouldBeTrue();
        return id;
    }

    /// <summary>An order in <paramref name="status"/>; overdue when <paramref name="overdue"/>.</summary>
    public async Task<Order> OrderAsync(long merchantId, OrderStatus status, bool overdue, long refundedUnits = 0,
        int refundCount = 0)
    {
        var now = NowMs();
        var order = new Order
        {
            PrepayId = Ids.NewPrepayId(now),
            MerchantId = merchantId,
            MerchantTradeNo = "t" + Guid.NewGuid().ToString("N")[..24],
            ApiVersion = 2,
            Status = status,
            Currency = "USDT",
            AmountUnits = AmountUnits,
            TerminalType = "WEB",
            ProductName = "Ice Cream",
            CheckoutCode = Ids.NewToken(32),
            ExpireTimeMs = overdue ? now - 60_000 : now + 3_600_000,
            CreateTimeMs = now - 120_000,
        };
        (await new SqlOrderStore(database).TryInsertAsync(order, CancellationToken.None)).ShouldBeTrue();
        await database.WriteAsync((c, ct) => c.ExecuteAsync(
            """
            UPDATE orders SET refunded_units = @r, refund_count = @n, commission_units = @fee WHERE prepay_id = @p
            """, ct, ("@p", order.PrepayId), ("@r", refundedUnits), ("@n", (long)refundCount),
            ("@fee", CommissionUnits)), CancellationToken.None);
        return order with { RefundedUnits = refundedUnits, CommissionUnits = CommissionUnits };
    }

    /// <summary>Funds the buyer from the sandbox mint.</summary>
    public Task FundAsync(string account, long units) => PostAsync(null, Journal.Create(JournalKinds.Funding,
        "fund:" + Guid.NewGuid().ToString("N"), new Posting(Accounts.SandboxMint, "USDT", -units),
        new Posting(account, "USDT", units)));

    /// <summary>The order's payment journal: the buyer paid the amount, the merchant and the fees got it.</summary>
    public static Journal PaymentJournal(Order order, long buyerId) => Journal.Create(JournalKinds.Payment,
        order.PrepayId.ToString(CultureInfo.InvariantCulture),
        new Posting(Accounts.Buyer(buyerId), order.Currency, -order.AmountUnits),
        new Posting(Accounts.Merchant(order.MerchantId), order.Currency, order.AmountUnits - CommissionUnits),
        new Posting(Accounts.Fees, order.Currency, CommissionUnits));

    public async Task PaidAsync(Order order, long buyerId)
    {
        await FundAsync(Accounts.Buyer(buyerId), order.AmountUnits);
        await PostAsync(order.PrepayId, PaymentJournal(order, buyerId));
    }

    /// <summary>A refund row in <paramref name="status"/> with its hold journal (as accepting it would post).</summary>
    public async Task<long> RefundAsync(Order order, RefundStatus status, bool reject)
    {
        var now = NowMs();
        var refundId = Ids.NewPrepayId(now);
        await database.WriteAsync((c, ct) => c.ExecuteAsync(
            """
            INSERT INTO refunds (refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units,
                refunded_units_after, refund_commission_units, refunded_commission_after, remaining_attempts,
                refund_reason, webhook_url, status, reject, created_at_ms)
            VALUES (@id, @m, @r, @p, 'f', @u, @ua, @cu, @cu, 8, NULL, NULL, @status, @reject, @now)
            """, ct, ("@id", refundId), ("@m", order.MerchantId), ("@r", "r" + refundId), ("@p", order.PrepayId),
            ("@u", RefundUnits), ("@ua", order.RefundedUnits), ("@cu", RefundCommissionUnits),
            ("@status", status.WireName()), ("@reject", reject ? 1L : 0L), ("@now", now)), CancellationToken.None);
        await PostAsync(order.PrepayId, RefundJournals.Hold(order.MerchantId, order.Currency,
            refundId.ToString(CultureInfo.InvariantCulture), RefundUnits, RefundCommissionUnits));
        return refundId;
    }

    public async Task<Contract> ContractAsync(long merchantId, ContractStatus status, bool overdue)
    {
        var now = NowMs();
        var deadline = overdue ? now - 60_000 : now + 3_600_000;
        var contract = new Contract
        {
            PreContractId = Ids.NewPrepayId(now),
            ContractId = Ids.NewPrepayId(now),
            MerchantId = merchantId,
            MerchantContractCode = "c" + Guid.NewGuid().ToString("N")[..24],
            ServiceName = "Gym",
            ScenarioCode = "Membership",
            SingleUpperLimitUnits = 1_000,
            Currency = "USDT",
            Periodic = false,
            SignCode = Ids.NewToken(32),
            Status = status,
            RequestExpireTimeMs = deadline,
            ContractEndTimeMs = deadline,
            CreateTimeMs = now - 120_000,
        };
        (await new SqlContractStore(database).TryInsertAsync(contract, CancellationToken.None)).ShouldBeTrue();
        return contract;
    }

    /// <summary>Everything a transition may change about an order: its row, its refunds, its journals and its
    /// outbox rows.</summary>
    public Task<string> OrderSnapshotAsync(long prepayId) => database.ReadAsync(async (c, ct) =>
    {
        var row = await c.QueryAsync(
            """
            SELECT status, refunded_units, refund_count, last_refund_units, transact_time_ms, expire_time_ms
            FROM orders WHERE prepay_id = @p
            """, Describe, ct, ("@p", prepayId));
        var refunds = await c.QueryAsync(
            "SELECT refund_id, status, settled_at_ms FROM refunds WHERE prepay_id = @p ORDER BY refund_id", Describe,
            ct, ("@p", prepayId));
        var journals = await JournalKindsAsync(c, prepayId, ct);
        var outbox = await OutboxAsync(c, prepayId, ct);
        return $"order {string.Join("; ", row)} | refunds {string.Join("; ", refunds)} | journals "
               + $"{string.Join(",", journals)} | outbox {string.Join(",", outbox)}";
    }, CancellationToken.None);

    public Task<string> ContractSnapshotAsync(Contract contract) => database.ReadAsync(async (c, ct) =>
    {
        var row = await c.QueryAsync(
            """
            SELECT status, buyer_id, signed_time_ms, termination_way, termination_time_ms, debit_count, debited_units
            FROM direct_debit_contracts WHERE pre_contract_id = @p
            """, Describe, ct, ("@p", contract.PreContractId));
        var outbox = await OutboxAsync(c, contract.ContractId, ct);
        return $"contract {string.Join("; ", row)} | outbox {string.Join(",", outbox)}";
    }, CancellationToken.None);

    public Task<string> OrderStatusAsync(long prepayId) => database.ReadAsync(async (c, ct) =>
        (await c.QueryAsync("SELECT status FROM orders WHERE prepay_id = @p", r => r.GetString(0), ct,
            ("@p", prepayId))).Single(), CancellationToken.None);

    public Task<string> RefundStatusAsync(long refundId) => database.ReadAsync(async (c, ct) =>
        (await c.QueryAsync("SELECT status FROM refunds WHERE refund_id = @r", r => r.GetString(0), ct,
            ("@r", refundId))).Single(), CancellationToken.None);

    public Task<IReadOnlyList<string>> OutboxAsync(long bizId) =>
        database.ReadAsync((c, ct) => OutboxAsync(c, bizId, ct), CancellationToken.None);

    public Task<IReadOnlyList<string>> JournalKindsAsync(long prepayId) =>
        database.ReadAsync((c, ct) => JournalKindsAsync(c, prepayId, ct), CancellationToken.None);

    private async Task PostAsync(long? orderId, Journal journal) =>
        (await database.WriteAsync((c, ct) => LedgerSql.PostAsync(c, journal, orderId, NowMs(), null, ct),
            CancellationToken.None)).ShouldBe(PostOutcome.Posted);

    private static async Task<IReadOnlyList<string>> OutboxAsync(System.Data.Common.DbConnection c, long bizId,
        CancellationToken ct) =>
        await c.QueryAsync("SELECT biz_status FROM webhook_outbox WHERE biz_id = @b ORDER BY event_id",
            r => r.GetString(0), ct, ("@b", bizId));

    private static async Task<IReadOnlyList<string>> JournalKindsAsync(System.Data.Common.DbConnection c,
        long prepayId, CancellationToken ct) =>
        await c.QueryAsync("SELECT kind FROM journals WHERE order_id = @o ORDER BY journal_id", r => r.GetString(0),
            ct, ("@o", prepayId));

    private static string Describe(System.Data.Common.DbDataReader row) => string.Join(",",
        Enumerable.Range(0, row.FieldCount).Select(i => row.IsDBNull(i)
            ? "null"
            : Convert.ToString(row.GetValue(i), CultureInfo.InvariantCulture)));
}

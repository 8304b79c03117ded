using System.Data.Common;
using System.Globalization;
using Citrine.Domain.Orders;
using Citrine.Domain.Payouts;
using Citrine.Domain.ProfitSharing;

namespace Citrine.Storage;

/// <summary>
/// Re-checks the ledger's invariants from the tables (docs/architecture.md#ledger-invariants): every journal sums to
/// zero per asset; each balance equals the sum of its postings; only the mint and the exchange are negative; an order
/// with a completed payment has exactly one payment journal whose merchant and fee legs add up to the order amount and
/// commission, and no other order has one; each closed or paid order has exactly one terminal <c>PAY</c> event (or none
/// once webhook retention may have pruned it) and open orders none; each wallet transfer has exactly one journal of its
/// amount, and every transfer journal its transfer; each payout batch has one reserve journal of its total, each settled
/// payout line exactly one journal of the right kind (paid or returned) and each open line none, each frozen wallet
/// account holds exactly its open payout lines (so freeze is back to zero once every batch is final), and a batch is
/// final exactly when no line is open, with one <c>PAYOUT</c> event then; each convert trade has exactly one
/// <c>CONVERT</c> journal moving its FROM amount to the exchange and its TO amount to the wallet, and every such
/// journal its trade (or a trade deleted by a sandbox reset)
/// final exactly when no line is open, with one <c>PAYOUT</c> event then; each profit-sharing split has one reserve
/// journal of its total, each final split line its one journal (paid or released) and a paid one its one payee (a buyer
/// or a merchant, migration 0020) credited by it, each successful return its one,
/// each order's split amount equals its lines not failed minus what was returned (migration 0019)
/// (frozen wallet accounts are held to zero or more by the negative-balance check like every account). Run by the
/// ledger and race tests; each finding names the check and the rows.
/// </summary>
public sealed class LedgerAuditor(Database database)
{
    private const int FindingsPerCheckMax = 20;
    private static readonly string PaidStatuses = LifecycleSql.List(OrderLifecycle.Table, OrderLifecycle.PaidStatuses);

    /// <summary>Where the order edges that send <c>PAY_CLOSED</c> lead (CANCELED, EXPIRED).</summary>
    private static readonly string ClosedStatuses = LifecycleSql.List(OrderLifecycle.Table,
        OrderLifecycle.Table.Transitions.Where(t => t.BizStatus == OrderLifecycle.PayClosed).Select(t => t.To)
            .Distinct());
    /// <summary>The order is older than its merchant's retention mark, so its terminal event may have been pruned
    /// (<c>SqlWebhookStore.PruneFinishedAsync</c>; an event is never created before its order).</summary>
    private const string Pruned = "o.create_time_ms < COALESCE(r.pruned_before_ms, 0)";

    private const string SumsByAccount =
        "SELECT account, asset, CAST(SUM(units) AS BIGINT) AS total FROM postings GROUP BY account, asset";

    /// <summary>The journal reference of a wallet transfer row (WalletRules.TransferJournal).</summary>
    private const string TransferReference = "CAST(t.merchant_id AS TEXT) || ':' || t.request_id";

    private static readonly string OpenLines = LifecycleSql.List(PayoutLifecycle.Line, PayoutLifecycle.Open);

    private static readonly string FinalBatches = LifecycleSql.List(PayoutLifecycle.Batch,
        PayoutLifecycle.Batch.Transitions.Where(t => t.Event == PayoutBatchEvent.Finish).Select(t => t.To).Distinct());

    private static readonly string PaidLine = LifecycleSql.Literal(PayoutLifecycle.Line, PayoutLineStatus.Success);

    private static readonly string SplitOpen = LifecycleSql.Literal(SplitLifecycle.Line, SplitLineStatus.Processing);
    private static readonly string SplitPaid = LifecycleSql.Literal(SplitLifecycle.Line, SplitLineStatus.Success);
    private static readonly string SplitFailed = LifecycleSql.Literal(SplitLifecycle.Line, SplitLineStatus.Fail);
    private static readonly string SplitFinished = LifecycleSql.Literal(SplitLifecycle.Split, SplitStatus.Finished);

    private static readonly (string Check, string Sql)[] Checks =
    [
        ("journal does not balance",
            """
            SELECT journal_id, asset, CAST(SUM(units) AS BIGINT) FROM postings GROUP BY journal_id, asset
            HAVING SUM(units) <> 0
            """),
        ("journal without postings",
            """
            SELECT journal_id FROM journals j
            WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.journal_id = j.journal_id)
            """),
        ("balance differs from its postings",
            $"""
            SELECT b.account, b.asset, b.units, COALESCE(s.total, 0) FROM balances b
            LEFT JOIN ({SumsByAccount}) s ON s.account = b.account AND s.asset = b.asset
            WHERE COALESCE(s.total, 0) <> b.units
            UNION ALL
            SELECT s.account, s.asset, NULL, s.total FROM ({SumsByAccount}) s
            WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.account = s.account AND b.asset = s.asset)
            """),
        ("negative balance",
            """
            SELECT account, asset, units FROM balances
            WHERE units < 0 AND account NOT IN ('sandbox:mint', 'platform:exchange')
            """),
        ("payment journals per order",
            $"""
            SELECT o.prepay_id, o.status, COUNT(j.journal_id) FROM orders o
            LEFT JOIN journals j ON j.kind = 'PAYMENT' AND j.order_id = o.prepay_id
            GROUP BY o.prepay_id, o.status
            HAVING (o.status IN ({PaidStatuses}) AND COUNT(j.journal_id) <> 1)
                OR (o.status NOT IN ({PaidStatuses}) AND COUNT(j.journal_id) <> 0)
            """),
        ("payment journal of a missing order",
            """
            SELECT j.journal_id, j.order_id FROM journals j
            WHERE j.kind = 'PAYMENT'
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.prepay_id = j.order_id)
              AND NOT EXISTS (SELECT 1 FROM sandbox_reset_orders r WHERE r.prepay_id = j.order_id)
            """),
        ("payment journal disagrees with its order",
            """
            SELECT o.prepay_id, o.amount_units, o.commission_units FROM orders o
            JOIN journals j ON j.kind = 'PAYMENT' AND j.order_id = o.prepay_id
            WHERE (SELECT COALESCE(SUM(p.units), 0) FROM postings p WHERE p.journal_id = j.journal_id
                     AND p.asset = o.currency
                     AND (p.account = 'merchant:' || o.merchant_id OR p.account = 'platform:fees')) <> o.amount_units
               OR (SELECT COALESCE(SUM(p.units), 0) FROM postings p WHERE p.journal_id = j.journal_id
                     AND p.account = 'platform:fees') <> o.commission_units
            """),
        ("wallet transfer without exactly one journal of its amount",
            $"""
            SELECT t.merchant_id, t.request_id, t.amount_units FROM wallet_transfers t
            WHERE (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'WALLET_TRANSFER' AND j.reference = {TransferReference}) <> 1
               OR (SELECT COALESCE(SUM(p.units), 0) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                   WHERE j.kind = 'WALLET_TRANSFER' AND j.reference = {TransferReference} AND p.units > 0
                     AND p.asset = t.currency) <> t.amount_units
            """),
        ("wallet transfer journal without its transfer",
            $"""
            SELECT j.journal_id, j.reference FROM journals j
            WHERE j.kind = 'WALLET_TRANSFER'
              AND NOT EXISTS (SELECT 1 FROM wallet_transfers t WHERE {TransferReference} = j.reference)
            """),
        ("payout batch without exactly one reserve journal of its total",
            """
            SELECT b.batch_id, b.total_units FROM payout_batches b
            WHERE (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'PAYOUT_RESERVE' AND j.reference = CAST(b.batch_id AS TEXT)) <> 1
               OR (SELECT COALESCE(SUM(p.units), 0) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                   WHERE j.kind = 'PAYOUT_RESERVE' AND j.reference = CAST(b.batch_id AS TEXT) AND p.units > 0
                     AND p.asset = b.currency) <> b.total_units
            """),
        ("payout line without exactly its one journal (paid or returned when settled, none while open)",
            $"""
            SELECT l.line_id, l.status,
                (SELECT COUNT(*) FROM journals j WHERE j.kind = 'PAYOUT' AND j.reference = CAST(l.line_id AS TEXT)),
                (SELECT COUNT(*) FROM journals j
                 WHERE j.kind = 'PAYOUT_RETURN' AND j.reference = CAST(l.line_id AS TEXT))
            FROM payout_lines l
            WHERE (SELECT COUNT(*) FROM journals j WHERE j.kind = 'PAYOUT' AND j.reference = CAST(l.line_id AS TEXT))
                    <> CASE WHEN l.status = {PaidLine} THEN 1 ELSE 0 END
               OR (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'PAYOUT_RETURN' AND j.reference = CAST(l.line_id AS TEXT))
                    <> CASE WHEN l.status = {PaidLine} OR l.status IN ({OpenLines}) THEN 0 ELSE 1 END
            """),
        ("frozen wallet differs from its open payout and split lines",
            $"""
            SELECT b.account, b.asset, b.units, COALESCE(o.open_units, 0) FROM balances b
            LEFT JOIN (
                SELECT u.account, u.asset, CAST(SUM(u.units) AS BIGINT) AS open_units FROM (
                    SELECT 'merchant:' || CAST(l.merchant_id AS TEXT)
                               || CASE WHEN l.transfer_method = 'SPOT_WALLET' THEN ':spot:freeze'
                                  ELSE ':funding:freeze' END AS account,
                           pb.currency AS asset, l.amount_units AS units
                    FROM payout_lines l JOIN payout_batches pb ON pb.batch_id = l.batch_id
                    WHERE l.status IN ({OpenLines})
                    UNION ALL
                    SELECT 'merchant:' || CAST(l.merchant_id AS TEXT) || ':funding:freeze', so.currency, l.amount_units
                    FROM split_lines l JOIN split_orders so ON so.split_id = l.split_id
                    WHERE l.status = {SplitOpen}) u
                GROUP BY u.account, u.asset) o
              ON o.account = b.account AND o.asset = b.asset
            WHERE b.account LIKE 'merchant:%:freeze' AND b.units <> COALESCE(o.open_units, 0)
            """),
        ("payout batch final with an open line, or open without one, or without its one PAYOUT event",
            $"""
            SELECT b.batch_id, b.status FROM payout_batches b
            WHERE (b.status IN ({FinalBatches})) = EXISTS (SELECT 1 FROM payout_lines l
                                                          WHERE l.batch_id = b.batch_id AND l.status IN ({OpenLines}))
               OR (SELECT COUNT(*) FROM webhook_outbox w WHERE w.biz_type = 'PAYOUT' AND w.biz_id = b.batch_id)
                    <> CASE WHEN b.status IN ({FinalBatches}) THEN 1 ELSE 0 END
            """),
        ("convert trade without exactly one CONVERT journal of its amounts",
            """
            SELECT t.order_id, t.from_units, t.to_units FROM convert_trades t
            WHERE (SELECT COUNT(*) FROM journals j WHERE j.kind = 'CONVERT' AND j.reference = t.order_id) <> 1
               OR (SELECT COALESCE(SUM(p.units), 0) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                   WHERE j.kind = 'CONVERT' AND j.reference = t.order_id AND p.account = 'platform:exchange'
                     AND p.asset = t.from_asset) <> t.from_units
               OR (SELECT COALESCE(SUM(p.units), 0) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                   WHERE j.kind = 'CONVERT' AND j.reference = t.order_id AND p.account <> 'platform:exchange'
                     AND p.asset = t.to_asset) <> t.to_units
            """),
        ("CONVERT journal without its trade",
            """
            SELECT j.journal_id, j.reference FROM journals j
            WHERE j.kind = 'CONVERT'
              AND NOT EXISTS (SELECT 1 FROM convert_trades t WHERE t.order_id = j.reference)
              AND NOT EXISTS (SELECT 1 FROM sandbox_reset_convert_trades r WHERE r.order_id = j.reference)
            """),
        ("split without exactly one reserve journal of its total",
            """
            SELECT s.split_id, s.total_units FROM split_orders s
            WHERE (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'SPLIT_RESERVE' AND j.reference = CAST(s.split_id AS TEXT)) <> 1
               OR (SELECT COALESCE(SUM(p.units), 0) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                   WHERE j.kind = 'SPLIT_RESERVE' AND j.reference = CAST(s.split_id AS TEXT) AND p.units > 0
                     AND p.asset = s.currency) <> s.total_units
               OR s.total_units <> (SELECT COALESCE(SUM(l.amount_units), 0) FROM split_lines l
                                    WHERE l.split_id = s.split_id)
            """),
        ("split line without exactly its one journal (paid or released when final, none while open)",
            $"""
            SELECT l.detail_id, l.status FROM split_lines l
            WHERE (SELECT COUNT(*) FROM journals j WHERE j.kind = 'SPLIT' AND j.reference = CAST(l.detail_id AS TEXT))
                    <> CASE WHEN l.status = {SplitPaid} THEN 1 ELSE 0 END
               OR (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'SPLIT_RELEASE' AND j.reference = CAST(l.detail_id AS TEXT))
                    <> CASE WHEN l.status = {SplitFailed} THEN 1 ELSE 0 END
            """),
        ("paid split line without exactly one payee, or its journal credits someone else",
            $"""
            SELECT l.detail_id, l.status FROM split_lines l
            WHERE l.status = {SplitPaid}
              AND ((l.payee_buyer_id IS NULL) = (l.payee_merchant_id IS NULL)
                   OR NOT EXISTS (SELECT 1 FROM journals j JOIN postings p ON p.journal_id = j.journal_id
                                  WHERE j.kind = 'SPLIT' AND j.reference = CAST(l.detail_id AS TEXT) AND p.units > 0
                                    AND p.account = CASE WHEN l.payee_buyer_id IS NOT NULL
                                                         THEN 'buyer:' || CAST(l.payee_buyer_id AS TEXT)
                                                         ELSE 'merchant:' || CAST(l.payee_merchant_id AS TEXT) END))
            """),
        ("split line returned amount differs from its successful returns, or a return without its one journal",
            $"""
            SELECT l.detail_id, l.returned_units FROM split_lines l
            WHERE l.returned_units <> (SELECT COALESCE(SUM(r.amount_units), 0) FROM split_returns r
                                       WHERE r.detail_id = l.detail_id AND r.status = {SplitPaid})
            UNION ALL
            SELECT r.return_id, r.amount_units FROM split_returns r
            WHERE (SELECT COUNT(*) FROM journals j
                   WHERE j.kind = 'SPLIT_RETURN' AND j.reference = CAST(r.return_id AS TEXT))
                    <> CASE WHEN r.status = {SplitPaid} THEN 1 ELSE 0 END
            """),
        ("order split amount differs from its lines not failed minus what was returned",
            $"""
            SELECT o.prepay_id, o.split_units FROM orders o
            WHERE o.split_units <> (SELECT COALESCE(SUM(l.amount_units - l.returned_units), 0)
                                    FROM split_lines l JOIN split_orders s ON s.split_id = l.split_id
                                    WHERE s.prepay_id = o.prepay_id AND l.status <> {SplitFailed})
            """),
        ("split finished with an open line, or open without one",
            $"""
            SELECT s.split_id, s.status FROM split_orders s
            WHERE (s.status = {SplitFinished}) = EXISTS (SELECT 1 FROM split_lines l
                                                        WHERE l.split_id = s.split_id AND l.status = {SplitOpen})
            """),
        ("terminal PAY events per order",
            $"""
            SELECT o.prepay_id, o.status,
                SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PaySuccess}' THEN 1 ELSE 0 END),
                SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PayClosed}' THEN 1 ELSE 0 END)
            FROM orders o LEFT JOIN webhook_outbox w ON w.biz_type = 'PAY' AND w.biz_id = o.prepay_id
                LEFT JOIN webhook_retention r ON r.merchant_id = o.merchant_id
            GROUP BY o.prepay_id, o.status, o.create_time_ms, r.pruned_before_ms
            HAVING (SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PaySuccess}' THEN 1 ELSE 0 END)
                    <> CASE WHEN o.status IN ({PaidStatuses}) THEN 1 ELSE 0 END
                    AND NOT ({Pruned} AND SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PaySuccess}' THEN 1 ELSE 0 END) = 0))
                OR (SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PayClosed}' THEN 1 ELSE 0 END)
                    <> CASE WHEN o.status IN ({ClosedStatuses}) THEN 1 ELSE 0 END
                    AND NOT ({Pruned} AND SUM(CASE WHEN w.biz_status = '{OrderLifecycle.PayClosed}' THEN 1 ELSE 0 END) = 0))
            """),
    ];

    /// <summary>Every violation found; empty when the ledger is sound.</summary>
    public Task<IReadOnlyList<string>> AuditAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async (c, ct) =>
        {
            var findings = new List<string>();
            foreach (var (check, sql) in Checks)
            {
                var limited = string.Create(CultureInfo.InvariantCulture, $"{sql} LIMIT {FindingsPerCheckMax}");
                var rows = await c.QueryAsync(limited, Describe, ct).ConfigureAwait(false);
                findings.AddRange(rows.Select(row => $"{check}: {row}"));
            }

            return findings;
        }, cancellationToken);

    private static string Describe(DbDataReader row) => string.Join(", ", Enumerable.Range(0, row.FieldCount)
        .Select(i => row.IsDBNull(i)
            ? $"{row.GetName(i)}=null"
            : $"{row.GetName(i)}={Convert.ToString(row.GetValue(i), CultureInfo.InvariantCulture)}"));
}

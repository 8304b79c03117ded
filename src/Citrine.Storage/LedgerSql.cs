using System.Data.Common;
using Citrine.Domain.Ledger;

namespace Citrine.Storage;

/// <summary>How posting a journal went.</summary>
internal enum PostOutcome
{
    Posted,

    /// <summary>A debit would have taken a wallet that may not go negative below zero.</summary>
    InsufficientFunds,

    /// <summary>A credit would have taken a wallet above the given cap.</summary>
    CapExceeded,

    /// <summary>The balance would have left the range of a 64-bit integer (the mint or the exchange, which have no
    /// floor, after very many fundings or conversions).</summary>
    Overflow,
}

/// <summary>Thrown inside a write to roll back everything it wrote (the transaction or its savepoint).</summary>
internal sealed class LedgerRefusedException(PostOutcome outcome) : Exception(outcome.ToString())
{
    public PostOutcome Outcome { get; } = outcome;
}

/// <summary>
/// Posts a journal inside the caller's transaction: its postings, and the balances they change. A debit of an account
/// that may not go negative is a conditional update (<c>units + delta &gt;= 0</c>), the clean refusal path; the
/// <c>CHECK</c> on <c>balances</c> is the backstop. Balances are touched in (account, asset) order, so concurrent
/// transactions on PostgreSQL lock rows in one global order and cannot deadlock each other.
/// </summary>
internal static class LedgerSql
{
    public static async Task<PostOutcome> PostAsync(DbConnection connection, Journal journal, long? orderId,
        long nowMs, long? creditCapUnits, CancellationToken cancellationToken)
    {
        var changes = journal.Postings
            .GroupBy(p => (p.Account, p.Asset))
            .Select(g => (g.Key.Account, g.Key.Asset, Units: g.Sum(p => p.Units)))
            .Where(c => c.Units != 0)
            .OrderBy(c => c.Account, StringComparer.Ordinal).ThenBy(c => c.Asset, StringComparer.Ordinal);
        foreach (var (account, asset, units) in changes)
        {
            var outcome = await ApplyAsync(connection, account, asset, units, creditCapUnits, cancellationToken)
                .ConfigureAwait(false);
            if (outcome != PostOutcome.Posted)
            {
                return outcome;
            }
        }

        var journalId = await connection.ScalarLongAsync(
            """
            INSERT INTO journals (kind, reference, order_id, created_at_ms) VALUES (@k, @r, @o, @t)
            RETURNING journal_id
            """, cancellationToken, ("@k", journal.Kind), ("@r", journal.Reference), ("@o", orderId), ("@t", nowMs))
            .ConfigureAwait(false);
        foreach (var posting in journal.Postings)
        {
            await connection.ExecuteAsync(
                "INSERT INTO postings (journal_id, account, asset, units) VALUES (@j, @a, @s, @u)", cancellationToken,
                ("@j", journalId), ("@a", posting.Account), ("@s", posting.Asset), ("@u", posting.Units))
                .ConfigureAwait(false);
        }

        return PostOutcome.Posted;
    }

    private static async Task<PostOutcome> ApplyAsync(DbConnection connection, string account, string asset,
        long units, long? creditCapUnits, CancellationToken cancellationToken)
    {
        var guarded = !Accounts.MayGoNegative(account);
        if (units < 0 && guarded)
        {
            return await connection.ExecuteAsync(
                "UPDATE balances SET units = units + @d WHERE account = @a AND asset = @s AND units + @d >= 0",
                cancellationToken, ("@a", account), ("@s", asset), ("@d", units)).ConfigureAwait(false) == 1
                ? PostOutcome.Posted
                : PostOutcome.InsufficientFunds;
        }

        const string Upsert =
            """
            INSERT INTO balances (account, asset, units) VALUES (@a, @s, @d)
            ON CONFLICT (account, asset) DO UPDATE SET units = balances.units + excluded.units
            """;
        if (units > 0 && guarded && creditCapUnits is { } cap)
        {
            return await connection.ExecuteAsync(Upsert + " WHERE balances.units <= @cap - excluded.units",
                cancellationToken, ("@a", account), ("@s", asset), ("@d", units), ("@cap", cap))
                .ConfigureAwait(false) == 1
                ? PostOutcome.Posted
                : PostOutcome.CapExceeded;
        }

        // Every other change stays inside a long: PostgreSQL would raise "bigint out of range" (an HTTP 500) and SQLite
        // would store a REAL (refused by the 0016 triggers). The bounds are computed here, where they cannot overflow.
        var (floor, ceiling) = units < 0 ? (long.MinValue - units, long.MaxValue) : (long.MinValue, long.MaxValue - units);
        return await connection.ExecuteAsync(Upsert + " WHERE balances.units BETWEEN @floor AND @ceiling",
            cancellationToken, ("@a", account), ("@s", asset), ("@d", units), ("@floor", floor),
            ("@ceiling", ceiling)).ConfigureAwait(false) == 1
            ? PostOutcome.Posted
            : PostOutcome.Overflow;
    }
}

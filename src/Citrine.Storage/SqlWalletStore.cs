using System.Data.Common;
using Citrine.Application.Wallets;
using Citrine.Domain.Ledger;

namespace Citrine.Storage;

/// <summary>Merchant wallets: balances of the accounts of <see cref="Accounts.MerchantWallet"/>, and the
/// <c>wallet_transfers</c> between them (migration 0008).</summary>
public sealed class SqlWalletStore(Database database) : IWalletStore
{
    private const string TransferColumns =
        "merchant_id, request_id, currency, amount_units, transfer_type, status, created_at_ms";

    public async Task<IReadOnlyList<WalletAsset>> BalancesAsync(long merchantId, MerchantWalletKind wallet,
        string? asset, CancellationToken cancellationToken)
    {
        var available = Accounts.MerchantWallet(merchantId, wallet, frozen: false);
        var frozen = Accounts.MerchantWallet(merchantId, wallet, frozen: true);
        var rows = await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT asset, CAST(SUM(CASE WHEN account = @a THEN units ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN account = @f THEN units ELSE 0 END) AS BIGINT)
            FROM balances WHERE account IN (@a, @f){(asset is null ? "" : " AND asset = @s")}
            GROUP BY asset
            """, r => new WalletAsset(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct,
            asset is null ? [("@a", available), ("@f", frozen)] : [("@a", available), ("@f", frozen), ("@s", asset)]),
            cancellationToken).ConfigureAwait(false);
        if (asset is not null && rows.Count == 0)
        {
            return [new WalletAsset(asset, 0, 0)];
        }

        return [.. rows.OrderBy(r => r.Asset, StringComparer.Ordinal)];
    }

    public async Task<WalletPostOutcome> PostAsync(Journal journal, long nowMs, long creditCapUnits,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                var posted = await LedgerSql.PostAsync(c, journal, null, nowMs, creditCapUnits, ct)
                    .ConfigureAwait(false);
                return posted == PostOutcome.Posted ? WalletPostOutcome.Posted : throw new LedgerRefusedException(posted);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException e)
        {
            return e.Outcome switch
            {
                PostOutcome.InsufficientFunds => WalletPostOutcome.InsufficientFunds,
                PostOutcome.Overflow => WalletPostOutcome.MintExhausted,
                _ => WalletPostOutcome.CapExceeded,
            };
        }
    }

    public async Task<TransferOutcome> TransferAsync(WalletTransfer transfer, Journal journal,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                // The row first: a concurrent attempt with the same requestId waits here for ours (PostgreSQL) or
                // runs after it (SQLite's single writer), then finds it and answers it as a replay.
                var inserted = await c.ExecuteAsync(
                    $"""
                    INSERT INTO wallet_transfers ({TransferColumns}) VALUES (@m, @r, @c, @u, @t, @s, @at)
                    ON CONFLICT DO NOTHING
                    """, ct, ("@m", transfer.MerchantId), ("@r", transfer.RequestId), ("@c", transfer.Currency),
                    ("@u", transfer.AmountUnits), ("@t", transfer.TransferType), ("@s", transfer.Status),
                    ("@at", transfer.CreatedAtMs)).ConfigureAwait(false);
                if (inserted != 1)
                {
                    return new TransferOutcome(null,
                        await FindAsync(c, transfer.MerchantId, transfer.RequestId, ct).ConfigureAwait(false));
                }

                var posted = await LedgerSql.PostAsync(c, journal, null, transfer.CreatedAtMs, null, ct)
                    .ConfigureAwait(false);
                return posted == PostOutcome.Posted
                    ? new TransferOutcome(transfer, null)
                    : throw new LedgerRefusedException(posted); // rolls back the row too: its requestId stays free
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException)
        {
            return new TransferOutcome(null, null);
        }
    }

    public Task<WalletTransfer?> FindTransferAsync(long merchantId, string requestId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => FindAsync(c, merchantId, requestId, ct), cancellationToken);

    private static Task<WalletTransfer?> FindAsync(DbConnection c, long merchantId, string requestId,
        CancellationToken ct) => c.QuerySingleAsync(
        $"SELECT {TransferColumns} FROM wallet_transfers WHERE merchant_id = @m AND request_id = @r",
        r => new WalletTransfer(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4),
            r.GetString(5), r.GetInt64(6)), ct, ("@m", merchantId), ("@r", requestId));
}

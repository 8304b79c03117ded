using System.Globalization;
using Citrine.Contracts.Reports;
using Citrine.Contracts.Wallets;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Reports;

/// <summary>One kind of daily file of report/get-file: its name prefix and the journals it lists.</summary>
public sealed record ReportFileKind(string ReportType, string? TransactionType, string Prefix,
    IReadOnlyList<string> JournalKinds);

/// <summary>One line of a daily file: one journal's net effect on one wallet in one asset (negative leaves the
/// merchant).</summary>
public sealed record ReportFileRow(long JournalId, long AtMs, string Kind, string Reference, string? MerchantReference,
    string Wallet, string Asset, long Units, long? OrderAmountUnits);

/// <summary>One line of a balance report: a wallet's asset over the window. Closing = Opening + Credits − Debits.</summary>
public sealed record BalanceReportRow(string Wallet, string Asset, long OpeningUnits, long CreditUnits, long DebitUnits,
    long ClosingUnits);

/// <summary>
/// What the report files hold, computed from the ledger (docs/compatibility.md#reports): pure functions over the
/// postings of the merchant's wallet accounts that the store read. A journal that moves money inside one wallet
/// (a payout reserve: available → frozen) nets to zero there and is neither a credit nor a debit.
/// </summary>
public static class ReportContent
{
    public static readonly ReportFileKind TransactionPayment = new(ReportNames.Transaction, ReportNames.Payment,
        "T_Payment", [JournalKinds.Payment]);

    public static readonly ReportFileKind TransactionPayout = new(ReportNames.Transaction, ReportNames.Payout,
        "T_Payout", [JournalKinds.Payout]);

    public static readonly ReportFileKind SettlementPayment = new(ReportNames.Settlement, null, "S_Payment",
        [JournalKinds.Payment]);

    public static readonly ReportFileKind SettlementRefund = new(ReportNames.Settlement, null, "S_Refund",
        [JournalKinds.RefundHold, JournalKinds.RefundRelease]);

    private static readonly ReportFileKind[] All = [TransactionPayment, TransactionPayout, SettlementPayment, SettlementRefund];

    private const string FileDayFormat = "ddMMyyyy";

    /// <summary>The daily files of a request: one kind for a Transaction report, Payment and Refund for a Settlement
    /// report.</summary>
    public static IReadOnlyList<ReportFileKind> KindsOf(string reportType, string? transactionType) =>
        reportType == ReportNames.Settlement
            ? [SettlementPayment, SettlementRefund]
            : transactionType == ReportNames.Payout ? [TransactionPayout] : [TransactionPayment];

    /// <summary><c>T_Payout_15082023.xlsx</c>: the form of Binance's captured answer.</summary>
    public static string FileName(ReportFileKind kind, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return $"{kind.Prefix}_{day.ToString(FileDayFormat, CultureInfo.InvariantCulture)}.xlsx";
    }

    /// <summary>The balance report's file of <paramref name="downloadId"/>.</summary>
    public static string BalanceFileName(long downloadId) =>
        string.Create(CultureInfo.InvariantCulture, $"Balance_{downloadId}.xlsx");

    /// <summary>The kind and day a daily file name stands for; false for any other name.</summary>
    public static bool TryParseFileName(string fileName, out ReportFileKind kind, out DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        foreach (var candidate in All)
        {
            var rest = fileName.StartsWith(candidate.Prefix + "_", StringComparison.Ordinal)
                ? fileName[(candidate.Prefix.Length + 1)..]
                : null;
            if (rest is { Length: 13 } && rest.EndsWith(".xlsx", StringComparison.Ordinal)
                && DateOnly.TryParseExact(rest[..8], FileDayFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out day))
            {
                kind = candidate;
                return true;
            }
        }

        kind = TransactionPayment;
        day = default;
        return false;
    }

    /// <summary>The balance report's id in its file name; false for any other name.</summary>
    public static bool TryParseBalanceFileName(string fileName, out long downloadId)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        downloadId = 0;
        return fileName.StartsWith("Balance_", StringComparison.Ordinal)
            && fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(8, fileName.Length - 13), NumberStyles.None, CultureInfo.InvariantCulture,
                out downloadId);
    }

    public static long DayStartMs(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static DateOnly DayOf(long ms) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);

    /// <summary>The wallet an account of the merchant belongs to (its available and frozen parts are one wallet).</summary>
    public static string WalletOf(long merchantId, string account) =>
        account == Accounts.MerchantWallet(merchantId, MerchantWalletKind.Spot, frozen: false)
        || account == Accounts.MerchantWallet(merchantId, MerchantWalletKind.Spot, frozen: true)
            ? WalletNames.SpotWallet
            : WalletNames.FundingWallet;

    /// <summary>The lines of one kind of file: one per journal, wallet and asset with a non-zero net effect, in
    /// journal order.</summary>
    public static IReadOnlyList<ReportFileRow> FileRows(long merchantId, ReportFileKind kind,
        IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return [.. entries.Where(e => kind.JournalKinds.Contains(e.Kind))
            .GroupBy(e => (e.JournalId, Wallet: WalletOf(merchantId, e.Account), e.Asset))
            .Select(g => (First: g.First(), g.Key.Wallet, Units: g.Sum(e => e.Units)))
            .Where(x => x.Units != 0)
            .Select(x => new ReportFileRow(x.First.JournalId, x.First.AtMs, x.First.Kind, x.First.Reference,
                x.First.MerchantReference, x.Wallet, x.First.Asset, x.Units, x.First.OrderAmountUnits))
            .OrderBy(r => r.JournalId).ThenBy(r => r.Wallet, StringComparer.Ordinal)
            .ThenBy(r => r.Asset, StringComparer.Ordinal)];
    }

    /// <summary>The balance report: every wallet and asset the merchant held before the window or moved in it,
    /// limited to <paramref name="walletType"/> when given.</summary>
    public static IReadOnlyList<BalanceReportRow> BalanceRows(long merchantId, string? walletType,
        IEnumerable<(string Account, string Asset, long Units)> before, IEnumerable<LedgerEntry> window)
    {
        var opening = before.GroupBy(b => (Wallet: WalletOf(merchantId, b.Account), b.Asset))
            .ToDictionary(g => g.Key, g => g.Sum(b => b.Units));
        var nets = window.GroupBy(e => (e.JournalId, Wallet: WalletOf(merchantId, e.Account), e.Asset))
            .Select(g => (g.Key.Wallet, g.Key.Asset, Units: g.Sum(e => e.Units)))
            .GroupBy(n => (n.Wallet, n.Asset))
            .ToDictionary(g => g.Key, g => (Credits: g.Where(n => n.Units > 0).Sum(n => n.Units),
                Debits: -g.Where(n => n.Units < 0).Sum(n => n.Units)));
        return [.. opening.Keys.Union(nets.Keys)
            .Where(k => walletType is null || k.Wallet == walletType)
            .Select(k =>
            {
                var open = opening.GetValueOrDefault(k);
                var (credits, debits) = nets.GetValueOrDefault(k);
                return new BalanceReportRow(k.Wallet, k.Asset, open, credits, debits, open + credits - debits);
            })
            .OrderBy(r => r.Wallet, StringComparer.Ordinal).ThenBy(r => r.Asset, StringComparer.Ordinal)];
    }
}

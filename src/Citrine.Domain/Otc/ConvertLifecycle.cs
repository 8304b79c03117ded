using Citrine.Domain.Ledger;
using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.Otc;

/// <summary>A convert trade order's statuses as Binance names them (FAIL is documented but never entered here: a
/// refused execution stores nothing, docs/compatibility.md#convert).</summary>
public enum ConvertTradeStatus
{
    Process,
    Success,
    Fail,
}

/// <summary>What happens to a trade order: its journal is posted when it is created (PROCESS), and it settles.</summary>
public enum ConvertTradeEvent
{
    Settle,
}

/// <summary>
/// The convert trade lifecycle (docs/compatibility.md#convert): execute-quote creates the order PROCESS with its one
/// <see cref="JournalKinds.Convert"/> journal, then settles it PROCESS → SUCCESS; no webhook (spec §7 "No webhook").
/// </summary>
public static class ConvertLifecycle
{
    public static readonly Lifecycle<ConvertTradeStatus, ConvertTradeEvent> Trade = new(WireName,
        new Transition<ConvertTradeStatus, ConvertTradeEvent>(ConvertTradeStatus.Process, ConvertTradeEvent.Settle,
            ConvertTradeStatus.Success, null));

    /// <summary>The status a trade order is created in.</summary>
    public const ConvertTradeStatus Initial = ConvertTradeStatus.Process;

    public static string WireName(this ConvertTradeStatus status) => status switch
    {
        ConvertTradeStatus.Process => "PROCESS",
        ConvertTradeStatus.Success => "SUCCESS",
        ConvertTradeStatus.Fail => "FAIL",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// The journal of an executed quote: <paramref name="fromUnits"/> of <paramref name="fromAsset"/> from the wallet's
    /// available part to the conversion desk (<see cref="Accounts.Exchange"/>), and <paramref name="toUnits"/> of
    /// <paramref name="toAsset"/> from the desk to the same wallet. The reference is the trade's orderId.
    /// </summary>
    public static Journal Journal(long merchantId, MerchantWalletKind wallet, string orderId, string fromAsset,
        long fromUnits, string toAsset, long toUnits)
    {
        var account = Accounts.MerchantWallet(merchantId, wallet, frozen: false);
        return Ledger.Journal.Create(JournalKinds.Convert, orderId,
            new Posting(account, fromAsset, -fromUnits),
            new Posting(Accounts.Exchange, fromAsset, fromUnits),
            new Posting(Accounts.Exchange, toAsset, -toUnits),
            new Posting(account, toAsset, toUnits));
    }
}

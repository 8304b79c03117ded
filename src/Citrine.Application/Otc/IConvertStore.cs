using Citrine.Domain.Ledger;

namespace Citrine.Application.Otc;

/// <summary>A stored quote; <see cref="ExpireAtMs"/> is by the merchant's sandbox clock, <see cref="OrderId"/> set
/// once it has been executed.</summary>
public sealed record ConvertQuote(string QuoteId, long MerchantId, string Wallet, string FromAsset, string ToAsset,
    long FromUnits, long ToUnits, long RatioUnits, long InverseUnits, long CreatedAtMs, long ExpireAtMs,
    string? OrderId);

/// <summary>A convert trade order (docs/api-reference.md#query-trade-order); <see cref="Status"/> is the wire
/// name.</summary>
public sealed record ConvertTrade(string OrderId, long MerchantId, string QuoteId, string Wallet, string FromAsset,
    string ToAsset, long FromUnits, long ToUnits, long RatioUnits, long InverseUnits, string Status,
    long CreateTimeMs);

/// <summary>Why an execution stored nothing.</summary>
public enum ConvertRefusal
{
    None,

    /// <summary>No quote with this id for this merchant (another merchant's answers the same).</summary>
    NotFound,

    /// <summary>Its validity ended by the merchant's clock.</summary>
    Expired,

    /// <summary>It was executed already (by this or a concurrent call).</summary>
    Executed,

    /// <summary>The wallet holds less of the FROM asset than the quote's amount.</summary>
    InsufficientFunds,
}

/// <summary>An execution: the trade it created, or why none.</summary>
public sealed record ConvertExecution(ConvertTrade? Trade, ConvertRefusal Refusal, string? ExistingOrderId = null);

/// <summary>Storage port of Convert: quotes, trade orders and their one journal each.</summary>
public interface IConvertStore
{
    Task InsertQuoteAsync(ConvertQuote quote, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: claims the quote with a conditional update (this merchant's, not executed, not expired by
    /// its merchant's clock at <paramref name="serverNowMs"/> plus the merchant's offset in the database), stores the
    /// trade in its initial status and posts <paramref name="journal"/>(trade). Any refusal rolls everything back.
    /// </summary>
    Task<ConvertExecution> ExecuteAsync(long merchantId, string quoteId, string orderId, long createTimeMs,
        long serverNowMs, Func<ConvertTrade, Journal> journal, CancellationToken cancellationToken);

    /// <summary>Moves the trade PROCESS → SUCCESS if it is still PROCESS (conditional update); true when it moved.</summary>
    Task<bool> SettleAsync(string orderId, CancellationToken cancellationToken);

    Task<ConvertTrade?> FindTradeAsync(long merchantId, string orderId, CancellationToken cancellationToken);
}

using Citrine.Domain.Ledger;

namespace Citrine.Application.Buyers;

/// <summary>Storage port for sandbox buyers and their wallets (balances kept by the ledger).</summary>
public interface IBuyerStore
{
    /// <summary>Inserts the buyer and posts its opening funding journal (if any) in one transaction; false when the
    /// id or any part of its identity is taken. Throws <see cref="MintExhaustedException"/> when the funding would
    /// take the sandbox mint's balance out of the 64-bit range (nothing is written).</summary>
    Task<bool> TryInsertAsync(Buyer buyer, Journal? funding, CancellationToken cancellationToken);

    /// <summary>Posts a funding journal; <see cref="FundOutcome.BuyerNotFound"/> when the buyer does not
    /// exist.</summary>
    Task<FundOutcome> FundAsync(long buyerId, Journal funding, long nowMs, CancellationToken cancellationToken);

    Task<Buyer?> GetAsync(long buyerId, CancellationToken cancellationToken);

    /// <summary>Replaces the buyer's KYC profile; false when the buyer does not exist.</summary>
    Task<bool> SetKycAsync(long buyerId, BuyerKyc kyc, CancellationToken cancellationToken);

    /// <summary>Buyers, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Buyer>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The buyers <paramref name="merchantId"/> may use (its own and the shared ones), oldest first, at most
    /// <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Buyer>> ListUsableAsync(long merchantId, int limit, CancellationToken cancellationToken);

    /// <summary>The buyer with this Binance ID or Pay ID, if any.</summary>
    Task<Buyer?> FindByReceiverAsync(ReceiverKind kind, long receiverId, CancellationToken cancellationToken);

    /// <summary>Which parts of <paramref name="identity"/> another buyer already has: <c>binanceId</c>,
    /// <c>payId</c>, <c>email</c>, <c>mobileNumber</c> (code and number together).</summary>
    Task<IReadOnlyList<string>> TakenAsync(BuyerIdentity identity, CancellationToken cancellationToken);

    /// <summary>Balances of an account per asset (assets never funded are absent).</summary>
    Task<IReadOnlyDictionary<string, long>> BalancesAsync(string account, CancellationToken cancellationToken);
}

/// <summary>Which id of a buyer a payout receiver names.</summary>
public enum ReceiverKind
{
    BinanceId,
    PayId,
}

/// <summary>How a funding went.</summary>
public enum FundOutcome
{
    Funded,
    BuyerNotFound,

    /// <summary>The wallet would exceed <see cref="BuyerAdmin.WalletUnitsMax"/>.</summary>
    LimitExceeded,

    /// <summary>The sandbox mint's balance of an asset would leave the 64-bit range.</summary>
    MintExhausted,
}

/// <summary>The sandbox mint's balance of an asset would leave the 64-bit range: it has issued about 92 billion coins
/// net (docs/compatibility.md#the-database-guards-money). Answered with a field code, never HTTP 500.</summary>
public sealed class MintExhaustedException() : Exception("The sandbox mint's balance would leave the 64-bit range.");

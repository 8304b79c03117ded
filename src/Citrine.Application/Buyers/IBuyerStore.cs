using Citrine.Domain.Ledger;

namespace Citrine.Application.Buyers;

/// <summary>Storage port for sandbox buyers and their wallets (balances kept by the ledger).</summary>
public interface IBuyerStore
{
    /// <summary>Inserts the buyer and posts its opening funding journal (if any) in one transaction; false when the
    /// id is taken.</summary>
    Task<bool> TryInsertAsync(Buyer buyer, Journal? funding, CancellationToken cancellationToken);

    /// <summary>Posts a funding journal; <see cref="FundOutcome.BuyerNotFound"/> when the buyer does not
    /// exist.</summary>
    Task<FundOutcome> FundAsync(long buyerId, Journal funding, long nowMs, CancellationToken cancellationToken);

    Task<Buyer?> GetAsync(long buyerId, CancellationToken cancellationToken);

    /// <summary>Buyers, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Buyer>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Balances of an account per asset (assets never funded are absent).</summary>
    Task<IReadOnlyDictionary<string, long>> BalancesAsync(string account, CancellationToken cancellationToken);
}

/// <summary>How a funding went.</summary>
public enum FundOutcome
{
    Funded,
    BuyerNotFound,

    /// <summary>The wallet would exceed <see cref="BuyerAdmin.WalletUnitsMax"/>.</summary>
    LimitExceeded,
}

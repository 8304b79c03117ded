using System.Globalization;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Buyers;

/// <summary>
/// Creates and funds sandbox buyers (admin API, CLI, <c>serve --demo</c>). Funding is a journal from
/// <see cref="Accounts.SandboxMint"/>, so buyer money is accounted for like any other.
/// </summary>
public sealed class BuyerAdmin(IBuyerStore store, CurrencyCatalog currencies, TimeProvider time)
{
    public const int NameLengthMax = 128;

    /// <summary>Most units of one asset one funding call may add: one billion coins.</summary>
    public const long FundingUnitsMax = 1_000_000_000 * Amounts.UnitsPerCoin;

    /// <summary>Most units of one asset a wallet may hold, far from <c>long</c> overflow.</summary>
    public const long WalletUnitsMax = 10 * FundingUnitsMax;

    /// <summary>Most buyers a list returns.</summary>
    public const int ListMax = 500;

    private const int BuyerIdAttemptsMax = 5;

    public async Task<Result<BuyerWallet>> CreateAsync(string? name, IReadOnlyDictionary<string, long> funds,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameLengthMax)
        {
            return Result<BuyerWallet>.Fail(ResultCodes.MandatoryParamEmptyOrMalformed,
                $"name: 1 to {NameLengthMax} characters");
        }

        if (CheckFunds(funds) is { } failure)
        {
            return failure;
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; attempt < BuyerIdAttemptsMax; attempt++)
        {
            var buyer = new Buyer(Ids.NewBuyerId(), name.Trim(), nowMs);
            var journal = funds.Count == 0 ? null : FundingJournal(buyer.BuyerId, funds);
            if (await store.TryInsertAsync(buyer, journal, cancellationToken).ConfigureAwait(false))
            {
                var wallet = await GetAsync(buyer.BuyerId, cancellationToken).ConfigureAwait(false);
                return Result<BuyerWallet>.Ok(wallet!);
            }
        }

        throw new InvalidOperationException("Could not allocate a unique buyerId.");
    }

    public async Task<Result<BuyerWallet>> FundAsync(long buyerId, IReadOnlyDictionary<string, long> funds,
        CancellationToken cancellationToken)
    {
        if (funds.Count == 0)
        {
            return Result<BuyerWallet>.Fail(ResultCodes.MandatoryParamEmptyOrMalformed,
                "funds: give at least one asset and amount");
        }

        if (CheckFunds(funds) is { } failure)
        {
            return failure;
        }

        var outcome = await store.FundAsync(buyerId, FundingJournal(buyerId, funds),
            time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            FundOutcome.Funded => Result<BuyerWallet>.Ok(
                (await GetAsync(buyerId, cancellationToken).ConfigureAwait(false))!),
            FundOutcome.BuyerNotFound => Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound,
                string.Create(CultureInfo.InvariantCulture, $"buyerId: no sandbox buyer {buyerId}")),
            _ => Result<BuyerWallet>.Fail(ResultCodes.InvalidParamWrongValue,
                $"funds: a wallet holds at most {Amounts.FormatUnitsShort(WalletUnitsMax)} of an asset"),
        };
    }

    public async Task<BuyerWallet?> GetAsync(long buyerId, CancellationToken cancellationToken)
    {
        var buyer = await store.GetAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return buyer is null ? null : await WithBalancesAsync(buyer, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BuyerWallet>> ListAsync(CancellationToken cancellationToken)
    {
        var buyers = await store.ListAsync(ListMax, cancellationToken).ConfigureAwait(false);
        var wallets = new List<BuyerWallet>(buyers.Count);
        foreach (var buyer in buyers)
        {
            wallets.Add(await WithBalancesAsync(buyer, cancellationToken).ConfigureAwait(false));
        }

        return wallets;
    }

    private async Task<BuyerWallet> WithBalancesAsync(Buyer buyer, CancellationToken cancellationToken) =>
        new(buyer, await store.BalancesAsync(Accounts.Buyer(buyer.BuyerId), cancellationToken).ConfigureAwait(false));

    private Failure? CheckFunds(IReadOnlyDictionary<string, long> funds)
    {
        foreach (var (asset, units) in funds)
        {
            if (!currencies.IsCrypto(asset))
            {
                return new Failure(ResultCodes.InvalidParamWrongValue,
                    $"funds.{asset}: not a configured crypto currency; use one of " +
                    string.Join(",", currencies.Crypto));
            }

            if (units <= 0 || units > FundingUnitsMax)
            {
                return new Failure(ResultCodes.InvalidParamWrongValue,
                    $"funds.{asset}: must be greater than 0 and at most {Amounts.FormatUnitsShort(FundingUnitsMax)}");
            }
        }

        return null;
    }

    private static Journal FundingJournal(long buyerId, IReadOnlyDictionary<string, long> funds) =>
        Journal.Create(JournalKinds.Funding, Accounts.Buyer(buyerId), funds
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .SelectMany(f => new[]
            {
                new Posting(Accounts.Buyer(buyerId), f.Key, f.Value),
                new Posting(Accounts.SandboxMint, f.Key, -f.Value),
            }).ToArray());
}

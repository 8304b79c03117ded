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

    /// <summary>The field message when the sandbox mint cannot issue more of an asset: its balance, the negative of
    /// all money it issued net, would leave the 64-bit range (LedgerSql refuses that rather than overflow).</summary>
    public const string MintExhausted =
        "funds: the sandbox mint cannot issue more of this asset (about 92 billion coins issued net); drain wallets or use a fresh database";

    /// <summary>Most units of one asset a wallet may hold, far from <c>long</c> overflow.</summary>
    public const long WalletUnitsMax = 10 * FundingUnitsMax;

    /// <summary>Most buyers a list returns.</summary>
    public const int ListMax = 500;

    private const int BuyerIdAttemptsMax = 5;

    /// <summary>Creates a buyer with a fresh identity, overlaid with the parts <paramref name="request"/> chooses
    /// (each refused with 400102 when another buyer has it), and its opening funds.</summary>
    public async Task<Result<BuyerWallet>> CreateAsync(NewBuyer request, IReadOnlyDictionary<string, long> funds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name;
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
            var identity = request.Overlay(BuyerIdentity.NewRandom());
            var buyer = new Buyer(Ids.NewBuyerId(), name.Trim(), nowMs, identity, request.OwnerMerchantId)
            {
                Kyc = request.Kyc,
            };
            var journal = funds.Count == 0 ? null : FundingJournal(buyer.BuyerId, funds);
            bool inserted;
            try
            {
                inserted = await store.TryInsertAsync(buyer, journal, cancellationToken).ConfigureAwait(false);
            }
            catch (MintExhaustedException)
            {
                return Result<BuyerWallet>.Fail(ResultCodes.InvalidParamWrongValue, MintExhausted);
            }

            if (inserted)
            {
                // A sandbox reset between the insert and this read removes the buyer again.
                return await GetAsync(buyer.BuyerId, cancellationToken).ConfigureAwait(false) is { } wallet
                    ? Result<BuyerWallet>.Ok(wallet)
                    : Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound, UnknownBuyer(buyer.BuyerId));
            }

            // A clash with a chosen part is the caller's to fix; a clash with a generated one is retried.
            var taken = await store.TakenAsync(identity, cancellationToken).ConfigureAwait(false);
            if (request.Chosen().FirstOrDefault(taken.Contains) is { } field)
            {
                return Result<BuyerWallet>.Fail(ResultCodes.InvalidParamWrongValue,
                    $"{field}: another sandbox buyer already has it");
            }
        }

        throw new InvalidOperationException("Could not allocate a unique buyer identity.");
    }

    /// <summary>Funds a buyer; with <paramref name="usableBy"/> (a merchant's call) a buyer that merchant may not
    /// use is answered exactly as an unknown one.</summary>
    public async Task<Result<BuyerWallet>> FundAsync(long buyerId, IReadOnlyDictionary<string, long> funds,
        long? usableBy, CancellationToken cancellationToken)
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

        if (usableBy is { } merchantId && await GetUsableAsync(buyerId, merchantId, cancellationToken)
                .ConfigureAwait(false) is null)
        {
            return Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound, UnknownBuyer(buyerId));
        }

        var outcome = await store.FundAsync(buyerId, FundingJournal(buyerId, funds),
            time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            FundOutcome.Funded => Result<BuyerWallet>.Ok(
                (await GetAsync(buyerId, cancellationToken).ConfigureAwait(false))!),
            FundOutcome.BuyerNotFound => Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound,
                UnknownBuyer(buyerId)),
            FundOutcome.MintExhausted => Result<BuyerWallet>.Fail(ResultCodes.InvalidParamWrongValue, MintExhausted),
            _ => Result<BuyerWallet>.Fail(ResultCodes.InvalidParamWrongValue,
                $"funds: a wallet holds at most {Amounts.FormatUnitsShort(WalletUnitsMax)} of an asset"),
        };
    }

    /// <summary>Replaces a buyer's KYC profile; with <paramref name="usableBy"/> (a merchant's call) a buyer that
    /// merchant may not use is answered exactly as an unknown one.</summary>
    public async Task<Result<BuyerWallet>> SetKycAsync(long buyerId, BuyerKyc kyc, long? usableBy,
        CancellationToken cancellationToken)
    {
        if (usableBy is { } merchantId && await GetUsableAsync(buyerId, merchantId, cancellationToken)
                .ConfigureAwait(false) is null)
        {
            return Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound, UnknownBuyer(buyerId));
        }

        return await store.SetKycAsync(buyerId, kyc, cancellationToken).ConfigureAwait(false)
               && await GetAsync(buyerId, cancellationToken).ConfigureAwait(false) is { } wallet
            ? Result<BuyerWallet>.Ok(wallet)
            : Result<BuyerWallet>.Fail(ResultCodes.SandboxBuyerNotFound, UnknownBuyer(buyerId));
    }

    public async Task<BuyerWallet?> GetAsync(long buyerId, CancellationToken cancellationToken)
    {
        var buyer = await store.GetAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return buyer is null ? null : await WithBalancesAsync(buyer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The buyer if <paramref name="merchantId"/> may use it; null when it is unknown or another
    /// merchant's, so the two cannot be told apart.</summary>
    public async Task<BuyerWallet?> GetUsableAsync(long buyerId, long merchantId, CancellationToken cancellationToken)
    {
        var buyer = await store.GetAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return buyer is null || !buyer.UsableBy(merchantId)
            ? null
            : await WithBalancesAsync(buyer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message of 409002 for a buyer unknown to the caller, the same whether it does not exist or is
    /// another merchant's.</summary>
    public static string UnknownBuyer(long buyerId) =>
        string.Create(CultureInfo.InvariantCulture, $"buyerId: no sandbox buyer {buyerId}");

    /// <summary>Every buyer (the administrator's list), or only those <paramref name="usableBy"/> may use.</summary>
    public async Task<IReadOnlyList<BuyerWallet>> ListAsync(long? usableBy, CancellationToken cancellationToken)
    {
        var buyers = usableBy is { } merchantId
            ? await store.ListUsableAsync(merchantId, ListMax, cancellationToken).ConfigureAwait(false)
            : await store.ListAsync(ListMax, cancellationToken).ConfigureAwait(false);
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

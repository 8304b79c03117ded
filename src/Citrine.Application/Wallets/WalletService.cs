using System.Globalization;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Wallets;

/// <summary>
/// Merchant wallet balances (Wallet Balance v1/v2) and the sandbox's funding and draining of a wallet: a journal from
/// or to <see cref="Accounts.SandboxMint"/>, so wallet money is accounted for like any other
/// (docs/sandbox.md#merchant-wallets).
/// </summary>
public sealed class WalletService(IWalletStore store, IMerchantStore merchants, TimeProvider time)
{
    public Task<IReadOnlyList<WalletAsset>> BalancesAsync(long merchantId, MerchantWalletKind wallet, string? asset,
        CancellationToken cancellationToken) => store.BalancesAsync(merchantId, wallet, asset, cancellationToken);

    /// <summary>Adds <paramref name="units"/> to the wallet's available part (at most
    /// <see cref="BuyerAdmin.FundingUnitsMax"/> a call, <see cref="BuyerAdmin.WalletUnitsMax"/> held).</summary>
    public Task<Result<WalletAsset>> FundAsync(long merchantId, MerchantWalletKind wallet, string asset, long units,
        CancellationToken cancellationToken) =>
        PostAsync(merchantId, wallet, asset, units, JournalKinds.WalletFunding, cancellationToken);

    /// <summary>Takes <paramref name="units"/> out of the wallet's available part; refused below zero.</summary>
    public Task<Result<WalletAsset>> DrainAsync(long merchantId, MerchantWalletKind wallet, string asset, long units,
        CancellationToken cancellationToken) =>
        PostAsync(merchantId, wallet, asset, -units, JournalKinds.WalletDrain, cancellationToken);

    private async Task<Result<WalletAsset>> PostAsync(long merchantId, MerchantWalletKind wallet, string asset,
        long units, string kind, CancellationToken cancellationToken)
    {
        if (Math.Abs(units) > BuyerAdmin.FundingUnitsMax)
        {
            return Result<WalletAsset>.Fail(ResultCodes.InvalidParamWrongValue,
                $"amount: at most {Amounts.FormatUnitsShort(BuyerAdmin.FundingUnitsMax)} per call");
        }

        if (await merchants.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Result<WalletAsset>.Fail(ResultCodes.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"merchantId: merchant {merchantId} not found"));
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var account = Accounts.MerchantWallet(merchantId, wallet, frozen: false);
        var journal = Journal.Create(kind, string.Create(CultureInfo.InvariantCulture, $"{merchantId}:{nowMs}"),
            new Posting(account, asset, units), new Posting(Accounts.SandboxMint, asset, -units));
        var outcome = await store.PostAsync(journal, nowMs, BuyerAdmin.WalletUnitsMax, cancellationToken)
            .ConfigureAwait(false);
        return outcome switch
        {
            WalletPostOutcome.Posted => Result<WalletAsset>.Ok((await store.BalancesAsync(merchantId, wallet, asset,
                cancellationToken).ConfigureAwait(false)).Single()),
            WalletPostOutcome.InsufficientFunds => Result<WalletAsset>.Fail(
                ResultCodes.AccountRemainingAmountNotEnough,
                $"amount: the {WalletRules.WireName(wallet)} holds less {asset} than that"),
            WalletPostOutcome.MintExhausted => Result<WalletAsset>.Fail(ResultCodes.InvalidParamWrongValue,
                "amount" + BuyerAdmin.MintExhausted["funds".Length..]),
            _ => Result<WalletAsset>.Fail(ResultCodes.InvalidParamWrongValue,
                $"amount: a wallet holds at most {Amounts.FormatUnitsShort(BuyerAdmin.WalletUnitsMax)} of an asset"),
        };
    }
}

using Citrine.Domain.Ledger;

namespace Citrine.Application.Wallets;

/// <summary>Storage port of the merchant wallets: ledger balances of the accounts of
/// <see cref="Accounts.MerchantWallet"/> and the transfers between them.</summary>
public interface IWalletStore
{
    /// <summary>Every asset either account of the wallet ever had a balance in (zeros included), or only
    /// <paramref name="asset"/>; in asset order.</summary>
    Task<IReadOnlyList<WalletAsset>> BalancesAsync(long merchantId, MerchantWalletKind wallet, string? asset,
        CancellationToken cancellationToken);

    /// <summary>Posts a sandbox funding or drain journal; refused (nothing written) when a debit would go below zero
    /// or a credit above <paramref name="creditCapUnits"/>.</summary>
    Task<WalletPostOutcome> PostAsync(Journal journal, long nowMs, long creditCapUnits,
        CancellationToken cancellationToken);

    /// <summary>Records the transfer and posts its journal in one transaction. The unique
    /// <c>(merchant_id, request_id)</c> decides concurrent attempts: the loser gets the stored transfer.</summary>
    Task<TransferOutcome> TransferAsync(WalletTransfer transfer, Journal journal, CancellationToken cancellationToken);

    Task<WalletTransfer?> FindTransferAsync(long merchantId, string requestId, CancellationToken cancellationToken);
}

/// <summary>One asset of a wallet, in units of 1e-8.</summary>
public sealed record WalletAsset(string Asset, long AvailableUnits, long FreezeUnits);

public enum WalletPostOutcome
{
    Posted,
    InsufficientFunds,
    CapExceeded,

    /// <summary>The sandbox mint's balance of the asset would leave the 64-bit range (see
    /// <see cref="Buyers.BuyerAdmin.MintExhausted"/>).</summary>
    MintExhausted,
}

/// <summary>A stored transfer (docs/api-reference.md#transfer-fund).</summary>
public sealed record WalletTransfer(long MerchantId, string RequestId, string Currency, long AmountUnits,
    string TransferType, string Status, long CreatedAtMs);

/// <summary>How a transfer attempt ended: <see cref="Created"/>, the <see cref="Existing"/> transfer of the
/// requestId, or refused for lack of funds (nothing stored).</summary>
public sealed record TransferOutcome(WalletTransfer? Created, WalletTransfer? Existing)
{
    public bool InsufficientFunds => Created is null && Existing is null;
}

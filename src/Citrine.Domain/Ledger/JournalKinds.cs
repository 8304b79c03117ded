namespace Citrine.Domain.Ledger;

/// <summary>What a journal records. The database allows at most one <see cref="Payment"/> journal per order.</summary>
public static class JournalKinds
{
    /// <summary>Sandbox money entering a buyer's wallet from <see cref="Accounts.SandboxMint"/>.</summary>
    public const string Funding = "FUNDING";

    /// <summary>A buyer paying an order: buyer → (exchange) → merchant and fees.</summary>
    public const string Payment = "PAYMENT";

    /// <summary>An accepted refund: the merchant's share and the refunded commission move to
    /// <see cref="Accounts.RefundsPending"/> until the refund settles.</summary>
    public const string RefundHold = "REFUND_HOLD";

    /// <summary>A settled refund: the held amount goes back to the buyer in the currency paid.</summary>
    public const string Refund = "REFUND";

    /// <summary>A rejected refund: the held amount goes back to the merchant and the fees.</summary>
    public const string RefundRelease = "REFUND_RELEASE";

    /// <summary>Sandbox money entering a merchant wallet from <see cref="Accounts.SandboxMint"/>.</summary>
    public const string WalletFunding = "WALLET_FUNDING";

    /// <summary>Sandbox money leaving a merchant wallet to <see cref="Accounts.SandboxMint"/>.</summary>
    public const string WalletDrain = "WALLET_DRAIN";

    /// <summary>Transfer fund: one wallet's available part to the other's, in one journal. The reference is
    /// <c>{merchantId}:{requestId}</c>.</summary>
    public const string WalletTransfer = "WALLET_TRANSFER";

    /// <summary>A payout batch accepted: each source wallet's share from its available to its frozen part. The
    /// reference is the batch id.</summary>
    public const string PayoutReserve = "PAYOUT_RESERVE";

    /// <summary>A payout line paid: its amount from the frozen part to the receiver buyer. The reference is the line's
    /// orderId; the database allows one per line.</summary>
    public const string Payout = "PAYOUT";

    /// <summary>A payout line failed or refunded: its amount from the frozen part back to the available part.</summary>
    public const string PayoutReturn = "PAYOUT_RETURN";

    /// <summary>An executed convert quote: the FROM asset from a merchant wallet to <see cref="Accounts.Exchange"/> and
    /// the TO asset back into the same wallet. The reference is the trade's orderId; one per trade.</summary>
    public const string Convert = "CONVERT";
    /// <summary>A profit-sharing split accepted: its total from the merchant's FUNDING available part to its frozen
    /// part. The reference is the splitOrderNo.</summary>
    public const string SplitReserve = "SPLIT_RESERVE";

    /// <summary>A split line paid: its amount from FUNDING frozen to the receiver buyer. The reference is the line's
    /// detailId; the database allows one SPLIT or SPLIT_RELEASE per line.</summary>
    public const string Split = "SPLIT";

    /// <summary>A split line failed: its amount from FUNDING frozen back to FUNDING available.</summary>
    public const string SplitRelease = "SPLIT_RELEASE";

    /// <summary>A split return: the amount from the receiver buyer back to the merchant's FUNDING available part. The
    /// reference is the returnOrderNo.</summary>
    public const string SplitReturn = "SPLIT_RETURN";
}

namespace Citrine.Domain.Ledger;

/// <summary>What a journal records. The database allows at most one <see cref="Payment"/> journal per order.</summary>
public static class JournalKinds
{
    /// <summary>Sandbox money entering a buyer's wallet from <see cref="Accounts.SandboxMint"/>.</summary>
    public const string Funding = "FUNDING";

    /// <summary>A buyer paying an order: buyer → (exchange) → merchant and fees.</summary>
    public const string Payment = "PAYMENT";
}

using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.DirectDebit;

/// <summary>What can happen to a direct-debit contract.</summary>
public enum ContractEvent
{
    /// <summary>The buyer signs it.</summary>
    Sign,

    /// <summary>The buyer (or, on Binance, the operation team) ends it: the merchant hears by webhook.</summary>
    TerminateByUser,

    /// <summary>The merchant ends it through the API: no webhook, the merchant asked.</summary>
    TerminateByMerchant,

    /// <summary>Unsigned past its request expiry, or signed past its end time.</summary>
    Expire,

    /// <summary>pay/apply charges it; the contract stays SIGNED.</summary>
    Debit,
}

/// <summary>
/// The contract lifecycle: created INITIAL, signed once, then terminated or expired (both final); only a signed
/// contract can be debited. Each edge names the <c>DIRECT_DEBIT_CT</c> webhook it sends.
/// </summary>
public static class ContractLifecycle
{
    public const string ContractSigned = "CONTRACT_SIGNED";
    public const string ContractTerminated = "CONTRACT_TERMINATED";
    public const string ContractExpired = "CONTRACT_EXPIRED";

    public static readonly Lifecycle<ContractStatus, ContractEvent> Table = new(ContractStatusNames.StorageName,
        new(ContractStatus.Initial, ContractEvent.Sign, ContractStatus.Signed, ContractSigned),
        new(ContractStatus.Signed, ContractEvent.TerminateByUser, ContractStatus.Terminated, ContractTerminated),
        new(ContractStatus.Signed, ContractEvent.TerminateByMerchant, ContractStatus.Terminated, null),
        new(ContractStatus.Initial, ContractEvent.Expire, ContractStatus.Expired, ContractExpired),
        new(ContractStatus.Signed, ContractEvent.Expire, ContractStatus.Expired, ContractExpired),
        new(ContractStatus.Signed, ContractEvent.Debit, ContractStatus.Signed, null));

    /// <summary>The termination event of a <c>contractTerminationWay</c>.</summary>
    public static ContractEvent TerminationEvent(int way) =>
        way == ContractTerminationWay.ByMerchant ? ContractEvent.TerminateByMerchant : ContractEvent.TerminateByUser;
}

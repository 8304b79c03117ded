using Citrine.Application.Webhooks;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Storage port for direct-debit contracts. Each transition is one conditional update on the status, committed with
/// its outbox event (if any) in the same transaction.
/// </summary>
public interface IContractStore
{
    /// <summary>Inserts the contract unless one of its ids or (merchant, merchantContractCode) exists.</summary>
    Task<bool> TryInsertAsync(Contract contract, CancellationToken cancellationToken);

    Task<bool> MerchantContractCodeExistsAsync(long merchantId, string merchantContractCode,
        CancellationToken cancellationToken);

    /// <summary>A merchant's contract by contractId (preferred) or merchantContractCode.</summary>
    Task<Contract?> FindAsync(ContractLookup lookup, CancellationToken cancellationToken);

    /// <summary>A merchant's contract by preContractId.</summary>
    Task<Contract?> FindByPreContractIdAsync(long merchantId, long preContractId, CancellationToken cancellationToken);

    Task<Contract?> FindBySignCodeAsync(string signCode, CancellationToken cancellationToken);

    Task<Contract?> GetAsync(long preContractId, CancellationToken cancellationToken);

    /// <summary>INITIAL → SIGNED if the request has not expired at <paramref name="nowMs"/>.</summary>
    Task<bool> TrySignAsync(long preContractId, long buyerId, string openUserId, long nowMs,
        Func<Contract, OutboxEvent> signedEvent, CancellationToken cancellationToken);

    /// <summary>SIGNED → TERMINATED if not past its end time at <paramref name="nowMs"/>; the event is optional (a
    /// merchant's termination sends none, as documented).</summary>
    Task<bool> TryTerminateAsync(long preContractId, int way, string? notes, long nowMs,
        Func<Contract, OutboxEvent>? terminatedEvent, CancellationToken cancellationToken);

    /// <summary>INITIAL or SIGNED → EXPIRED if overdue at <paramref name="nowMs"/>.</summary>
    Task<bool> TryExpireAsync(long preContractId, long nowMs, Func<Contract, OutboxEvent> expiredEvent,
        CancellationToken cancellationToken);

    /// <summary>Overdue contracts (unsigned past request expiry, signed past end time), earliest deadline
    /// first.</summary>
    Task<IReadOnlyList<Contract>> ListOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken);
}

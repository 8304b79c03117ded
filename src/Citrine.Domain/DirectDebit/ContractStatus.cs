namespace Citrine.Domain.DirectDebit;

/// <summary>
/// The life of a direct-debit contract (docs/api-reference.md#query-contract): created INITIAL, signed once by a buyer,
/// then terminated (by the buyer or the merchant) or expired. Terminated and expired are final.
/// </summary>
public enum ContractStatus
{
    Initial,
    Signed,
    Terminated,
    Expired,
}

/// <summary>
/// <c>contractTerminationWay</c> values (docs/api-reference.md#query-contract, from CS1): 0 by the user, 1 auto expiry,
/// 2 by the operation team, 3 by the merchant through the open API.
/// </summary>
public static class ContractTerminationWay
{
    public const int ByUser = 0;
    public const int AutoExpired = 1;
    public const int ByOperationTeam = 2;
    public const int ByMerchant = 3;
}

/// <summary>Status names: the storage spelling and the wire <c>bizStatus</c> of Query Contract.</summary>
public static class ContractStatusNames
{
    /// <summary>The wire <c>bizStatus</c> of Query Contract (docs/api-reference.md#query-contract).</summary>
    public static string BizStatus(this ContractStatus status) => status switch
    {
        ContractStatus.Initial => "INITIAL",
        ContractStatus.Signed => "CONTRACT_SIGNED",
        ContractStatus.Terminated => "CONTRACT_TERMINATED",
        ContractStatus.Expired => "CONTRACT_EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The value of the <c>status</c> column.</summary>
    public static string StorageName(this ContractStatus status) => status switch
    {
        ContractStatus.Initial => "INITIAL",
        ContractStatus.Signed => "SIGNED",
        ContractStatus.Terminated => "TERMINATED",
        ContractStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ContractStatus FromStorage(string name) => name switch
    {
        "INITIAL" => ContractStatus.Initial,
        "SIGNED" => ContractStatus.Signed,
        "TERMINATED" => ContractStatus.Terminated,
        "EXPIRED" => ContractStatus.Expired,
        _ => throw new InvalidDataException($"Unknown contract status '{name}' in storage."),
    };
}

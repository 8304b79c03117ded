namespace Citrine.Application.DirectDebit;

/// <summary>
/// Which contract a request names: <see cref="ContractId"/> wins; <see cref="MerchantContractCode"/> is used only when
/// no id is given (docs/api-reference.md#terminate-contract: the code "will be ignored if contractId already
/// provided").
/// </summary>
public sealed record ContractLookup(long MerchantId, long? ContractId, string? MerchantContractCode);

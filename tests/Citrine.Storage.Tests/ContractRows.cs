using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Application.Webhooks;
using Citrine.Domain.DirectDebit;

namespace Citrine.Storage.Tests;

/// <summary>Direct-debit contract rows for the contract and direct-debit payment suites.</summary>
internal static class ContractRows
{
    public const long LimitUnits = 10_000_000_000;

    public static Contract New(long merchantId, long nowMs) => new()
    {
        PreContractId = Ids.NewPrepayId(nowMs),
        ContractId = Ids.NewPrepayId(nowMs),
        MerchantId = merchantId,
        MerchantContractCode = "c" + Guid.NewGuid().ToString("N")[..20],
        ServiceName = "Gym",
        ScenarioCode = "Membership",
        SingleUpperLimitUnits = LimitUnits,
        Currency = "USDT",
        Periodic = false,
        SignCode = Ids.NewToken(32),
        Status = ContractStatus.Initial,
        RequestExpireTimeMs = nowMs + 600_000,
        ContractEndTimeMs = nowMs + 86_400_000,
        CreateTimeMs = nowMs,
    };

    public static Func<Contract, OutboxEvent> Event(string status) => c =>
        new(c.MerchantId, "contract:" + c.PreContractId, "DIRECT_DEBIT_CT", c.ContractId, status, "{}", null,
            c.CreateTimeMs);
}

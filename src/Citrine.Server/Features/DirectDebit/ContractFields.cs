using System.Globalization;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// The fields of Create Contract (docs/api-reference.md#create-contract), in the order of its table, and of the
/// contract lookups. Rules that need the clock, configuration or storage are in <see cref="CreateContractHandler"/>.
/// </summary>
internal static class ContractFields
{
    public const int MerchantContractCodeMax = 32;
    public const int ServiceNameMax = 32;
    public const int SubMerchantIdMax = 19;
    public const int MerchantAccountNoMax = 64;
    public const int WebhookUrlMax = 256;
    public const int MonthCycleMax = 24;
    public const int DayCycleMin = 8; // "interval days > 7"
    public const int DayCycleMax = 1095; // no longer than the longest contract

    /// <summary>Scenario codes (docs/api-reference.md#create-contract, CS1 list).</summary>
    public static readonly string[] ScenarioCodes =
    [
        "General_Ecommerce_Platform", "General_Travel", "Car_Rental", "Car_Parking", "Lease", "Catering",
        "Digital_Media", "Membership", "Utility", "Repayment", "Investment", "Ticket", "Mobile_Communication",
        "Virtual_Goods", "Others",
    ];

    /// <summary>"only USDT or USDC ... fiat not supported" (docs/api-reference.md#create-contract).</summary>
    public static readonly string[] Currencies = ["USDT", "USDC"];

    public static readonly string[] CycleTypes = ["MONTH", "DAY"];

    /// <summary><c>subMerchantId</c>: a string of at most 19 digits (a JSON number is taken too).</summary>
    public static readonly Field SubMerchantId = Text("subMerchantId", required: false, SubMerchantIdMax,
            lettersOrDigits: true)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "digits only",
            text => text.All(char.IsAsciiDigit) && long.TryParse(text, CultureInfo.InvariantCulture, out _));

    public static readonly Field MerchantContractCode = Text("merchantContractCode", required: true,
        MerchantContractCodeMax, lettersOrDigits: true);

    public static readonly Field ServiceName = Text("serviceName", required: true, ServiceNameMax);
    public static readonly Field ScenarioCode = Enum("scenarioCode", required: true, ScenarioCodes);
    public static readonly Field SingleUpperLimit = Amount("singleUpperLimit", required: true);
    public static readonly Field Currency = Enum("currency", required: true, Currencies);
    public static readonly Field Periodic = Boolean("periodic", required: true);
    public static readonly Field CycleDebitFixed = Boolean("cycleDebitFixed", required: true);
    public static readonly Field CycleType = Enum("cycleType", required: true, CycleTypes);
    public static readonly Field CycleValue = Integer("cycleValue", required: true);
    public static readonly Field FirstDeductTime = Integer("firstDeductTime", required: true);
    public static readonly Field MerchantAccountNo = Text("merchantAccountNo", required: false, MerchantAccountNoMax);
    public static readonly Field RequestExpireTime = Integer("requestExpireTime", required: false);
    public static readonly Field ContractEndTime = Integer("contractEndTime", required: false);
    public static readonly Field WebhookUrl = Url("webhookUrl", WebhookUrlMax);

    /// <summary>Create Contract, in the order of its table. cycleDebitFixed, cycleType, cycleValue and
    /// firstDeductTime are mandatory for a periodic contract and ignored otherwise (docs/compatibility.md, "Direct
    /// debit").</summary>
    public static readonly Shape Create = Shape.Of(
        SubMerchantId, MerchantContractCode, ServiceName, ScenarioCode, SingleUpperLimit, Currency, Periodic,
        When("the cycle of a periodic contract", c => c.Values.Flag(Periodic) == true,
            CycleDebitFixed, CycleType, CycleValue,
            Rule("cycleValue within the range of its cycleType", ResultCodes.InvalidParamWrongValue, c =>
            {
                var type = c.Values.Text(CycleType)!;
                var (min, max) = type == "MONTH" ? (1, MonthCycleMax) : (DayCycleMin, DayCycleMax);
                var value = c.Values.Number(CycleValue)!.Value;
                return value < min || value > max
                    ? string.Create(CultureInfo.InvariantCulture, $"cycleValue: {min} to {max} for cycleType {type}")
                    : null;
            }),
            FirstDeductTime),
        MerchantAccountNo, RequestExpireTime, ContractEndTime, WebhookUrl);

    /// <summary>
    /// <c>contractId</c> / <c>merchantContractCode</c> for Query and Terminate Contract
    /// (docs/api-reference.md#terminate-contract). The id is read first and, when given, the code is ignored altogether
    /// (not even checked), as the seed says. With neither, the answer is 400702 PAYMENT_INVALID_PARAM: the seed's own
    /// cross-field rule ("can not be empty if contractId is null"), where a present but malformed field gets the field
    /// codes 400100–400103.
    /// </summary>
    public static readonly Field ContractId = Integer("contractId", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "must be a positive number", id => id > 0);

    public static readonly Field LookupCode = MerchantContractCode with { Required = false };

    public static readonly ShapeItem[] Lookup =
    [
        ContractId,
        When("merchantContractCode only without contractId", c => !c.Values.Has(ContractId),
            LookupCode,
            Rule("merchantContractCode or contractId must be given", ResultCodes.PaymentInvalidParam,
                c => c.Values.Has(LookupCode) ? null : "merchantContractCode or contractId: one of them must be given")),
    ];

    public static CreateContractCommand ReadCreate(Inbound request)
    {
        var f = request.Fields;
        var periodic = f.Flag(Periodic)!.Value;
        return new CreateContractCommand
        {
            MerchantId = request.MerchantId,
            SubMerchantId = f.Text(SubMerchantId) is { } sub ? long.Parse(sub, CultureInfo.InvariantCulture) : null,
            MerchantContractCode = f.Text(MerchantContractCode)!,
            ServiceName = f.Text(ServiceName)!,
            ScenarioCode = f.Text(ScenarioCode)!,
            SingleUpperLimitUnits = f.Number(SingleUpperLimit)!.Value,
            Currency = f.Text(Currency)!,
            Periodic = periodic,
            CycleDebitFixed = periodic ? f.Flag(CycleDebitFixed) : null,
            CycleType = periodic ? f.Text(CycleType) : null,
            CycleValue = periodic ? (int)f.Number(CycleValue)!.Value : null,
            FirstDeductTimeMs = periodic ? f.Number(FirstDeductTime) : null,
            MerchantAccountNo = f.Text(MerchantAccountNo),
            RequestExpireTimeMs = f.Number(RequestExpireTime),
            ContractEndTimeMs = f.Number(ContractEndTime),
            WebhookUrl = f.Text(WebhookUrl),
        };
    }

    public static ContractLookup ReadLookup(Inbound request) =>
        request.Fields.Number(ContractId) is { } id
            ? new ContractLookup(request.MerchantId, id, null)
            : new ContractLookup(request.MerchantId, null, request.Fields.Text(LookupCode));
}

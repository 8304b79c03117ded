using System.Globalization;
using System.Text.Json;
using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Server.Http;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>
/// The field rules of Create Contract (docs/api-reference.md#create-contract), in the order of its table. Rules that
/// need the clock, configuration or storage are in <see cref="CreateContractHandler"/>.
/// </summary>
internal static class ContractFieldRules
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

    public static CreateContractCommand Read(SignedRequest request)
    {
        var f = request.Fields;
        var subMerchantId = SubMerchantId(f);
        var code = MerchantContractCode(f, required: true)!;
        var serviceName = f.String("serviceName", required: true, ServiceNameMax)!;
        var scenario = f.Enum("scenarioCode", required: true, ScenarioCodes)!;
        var limit = f.Amount("singleUpperLimit", required: true)!.Value;
        var currency = f.Enum("currency", required: true, Currencies)!;
        var periodic = Bool(request.Body, "periodic", required: true)!.Value;
        var command = new CreateContractCommand
        {
            MerchantId = request.Merchant.MerchantId,
            SubMerchantId = subMerchantId,
            MerchantContractCode = code,
            ServiceName = serviceName,
            ScenarioCode = scenario,
            SingleUpperLimitUnits = limit,
            Currency = currency,
            Periodic = periodic,
        };
        if (periodic)
        {
            command = ReadCycle(request, command);
        }

        return command with
        {
            MerchantAccountNo = f.String("merchantAccountNo", required: false, MerchantAccountNoMax),
            RequestExpireTimeMs = f.Long("requestExpireTime", required: false),
            ContractEndTimeMs = f.Long("contractEndTime", required: false),
            WebhookUrl = f.Url("webhookUrl", WebhookUrlMax),
        };
    }

    public static string? MerchantContractCode(FieldReader fields, bool required) =>
        fields.String("merchantContractCode", required, MerchantContractCodeMax, lettersOrDigits: true);

    /// <summary>A JSON boolean; the strings <c>"true"</c>/<c>"false"</c> are taken too (Jackson does).</summary>
    public static bool? Bool(JsonElement body, string name, bool required)
    {
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null
            || (element.ValueKind == JsonValueKind.String && element.GetString()!.Length == 0))
        {
            return required
                ? throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed,
                    $"{name}: is mandatory and must not be empty")
                : null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when element.GetString() is "true" => true,
            JsonValueKind.String when element.GetString() is "false" => false,
            _ => throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be true or false"),
        };
    }

    // cycleDebitFixed, cycleType, cycleValue and firstDeductTime are mandatory for a periodic contract and ignored
    // otherwise (docs/compatibility.md, "Direct debit").
    private static CreateContractCommand ReadCycle(SignedRequest request, CreateContractCommand command)
    {
        var f = request.Fields;
        var debitFixed = Bool(request.Body, "cycleDebitFixed", required: true);
        var cycleType = f.Enum("cycleType", required: true, CycleTypes)!;
        var cycleValue = f.Long("cycleValue", required: true)!.Value;
        var (min, max) = cycleType == "MONTH" ? (1, MonthCycleMax) : (DayCycleMin, DayCycleMax);
        if (cycleValue < min || cycleValue > max)
        {
            throw new FieldException(ResultCodes.InvalidParamWrongValue, string.Create(CultureInfo.InvariantCulture,
                $"cycleValue: {min} to {max} for cycleType {cycleType}"));
        }

        return command with
        {
            CycleDebitFixed = debitFixed,
            CycleType = cycleType,
            CycleValue = (int)cycleValue,
            FirstDeductTimeMs = f.Long("firstDeductTime", required: true),
        };
    }

    /// <summary><c>subMerchantId</c>: a string of at most 19 digits (a JSON number is taken too,
    /// docs/api-reference.md#quirk-numbers-and-strings).</summary>
    private static long? SubMerchantId(FieldReader fields)
    {
        var text = fields.String("subMerchantId", required: false, SubMerchantIdMax, lettersOrDigits: true);
        if (text is null)
        {
            return null;
        }

        return text.All(char.IsAsciiDigit) && long.TryParse(text, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FieldException(ResultCodes.InvalidParamIllegalChar, "subMerchantId: digits only");
    }
}

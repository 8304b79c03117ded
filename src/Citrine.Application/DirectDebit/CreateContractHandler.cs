using Citrine.Application.Sandbox;
using System.Globalization;
using Citrine.Application.Merchants;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Creates a contract awaiting the buyer's signature: the rules of docs/api-reference.md#create-contract that need the
/// clock, configuration or storage. Decisions where Binance is silent are in docs/compatibility.md, "Direct debit".
/// </summary>
public sealed class CreateContractHandler(
    IContractStore contracts, IMerchantStore merchants, CurrencyCatalog currencies, CitrineOptions options,
    TimeProvider time)
{
    /// <summary>Default and longest contract lifetime (CS1: "default/max 1095 days").</summary>
    public static readonly TimeSpan ContractLifetimeMax = TimeSpan.FromDays(1095);

    /// <summary>How long the buyer may take to sign when the merchant does not say (like an order's QR code).</summary>
    public static readonly TimeSpan RequestExpiryDefault = TimeSpan.FromHours(1);

    /// <summary>Longest signing window a merchant may ask for.</summary>
    public static readonly TimeSpan RequestExpiryMax = TimeSpan.FromDays(7);

    /// <summary>Last day of the month a MONTH cycle may start on (docs/api-reference.md#create-contract), so every
    /// month has it.</summary>
    public const int MonthlyDeductDayMax = 28;

    private const int IdAttemptsMax = 3;
    private const int SignCodeLength = 32;

    public async Task<Result<Contract>> HandleAsync(CreateContractCommand command, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(command.MerchantId);
        var times = CheckTimes(command, nowMs);
        if (!times.IsSuccess)
        {
            return Result<Contract>.Fail(times.Code, times.Message!);
        }

        if (CheckUpperLimit(command) is { } limitFailure)
        {
            return limitFailure;
        }

        if (command.SubMerchantId is { } subMerchantId)
        {
            var sub = await merchants.GetSubMerchantAsync(command.MerchantId, subMerchantId, cancellationToken)
                .ConfigureAwait(false);
            if (sub is null || sub.Status != Merchant.Active)
            {
                return Result<Contract>.Fail(ResultCodes.SubMerchantInvalid,
                    "subMerchantId: no such active sub-merchant under this merchant");
            }
        }

        for (var attempt = 0; attempt < IdAttemptsMax; attempt++)
        {
            var contract = Build(command, times.Value.RequestExpireMs, times.Value.EndMs, nowMs);
            if (await contracts.TryInsertAsync(contract, cancellationToken).ConfigureAwait(false))
            {
                return Result<Contract>.Ok(contract);
            }

            if (await contracts.MerchantContractCodeExistsAsync(command.MerchantId, command.MerchantContractCode,
                    cancellationToken).ConfigureAwait(false))
            {
                return Result<Contract>.Fail(ResultCodes.InvalidMerchantTradeNo,
                    "merchantContractCode: duplicated, a contract with this merchantContractCode exists");
            }
        }

        throw new InvalidOperationException("Could not allocate unique contract ids.");
    }

    private static Result<(long RequestExpireMs, long EndMs)> CheckTimes(CreateContractCommand command, long nowMs)
    {
        var endMax = nowMs + (long)ContractLifetimeMax.TotalMilliseconds;
        var end = command.ContractEndTimeMs ?? endMax;
        if (end <= nowMs || end > endMax)
        {
            return Fail("contractEndTime: must be in the future and at most 1095 days ahead");
        }

        var requestExpire = command.RequestExpireTimeMs
                            ?? Math.Min(nowMs + (long)RequestExpiryDefault.TotalMilliseconds, end);
        if (requestExpire <= nowMs || requestExpire > nowMs + (long)RequestExpiryMax.TotalMilliseconds)
        {
            return Fail("requestExpireTime: must be in the future and at most 7 days ahead");
        }

        if (requestExpire > end)
        {
            return Fail("requestExpireTime: must not be after contractEndTime");
        }

        if (command.Periodic && command.FirstDeductTimeMs is { } first)
        {
            if (first <= nowMs || first > end)
            {
                return Fail("firstDeductTime: must be in the future and not after contractEndTime");
            }

            if (command.CycleType == "MONTH"
                && DateTimeOffset.FromUnixTimeMilliseconds(first).UtcDateTime.Day > MonthlyDeductDayMax)
            {
                return Fail("firstDeductTime: for a MONTH cycle it must not be after the 28th day of the month (UTC)");
            }
        }

        return Result<(long, long)>.Ok((requestExpire, end));

        static Result<(long, long)> Fail(string message) =>
            Result<(long, long)>.Fail(ResultCodes.InvalidParamWrongValue, message);
    }

    private Failure? CheckUpperLimit(CreateContractCommand command)
    {
        if (!currencies.IsCrypto(command.Currency))
        {
            return new Failure(ResultCodes.InvalidParamWrongValue,
                $"currency: {command.Currency} is not configured on this server");
        }

        if (!Amounts.TryToUnits(options.DirectDebitSingleUpperLimitMaxUsd, out var capUsdUnits))
        {
            throw new InvalidOperationException("DirectDebitSingleUpperLimitMaxUsd has more than 8 decimals.");
        }

        return currencies.UsdUnits(command.Currency, command.SingleUpperLimitUnits) > capUsdUnits
            ? new Failure(ResultCodes.InvalidParamWrongValue, string.Create(CultureInfo.InvariantCulture,
                $"singleUpperLimit: at most {options.DirectDebitSingleUpperLimitMaxUsd} USD equivalent for "
                + $"scenario {command.ScenarioCode}"))
            : null;
    }

    private static Contract Build(CreateContractCommand c, long requestExpireMs, long endMs, long nowMs) => new()
    {
        PreContractId = Ids.NewPrepayId(nowMs),
        ContractId = Ids.NewPrepayId(nowMs),
        MerchantId = c.MerchantId,
        SubMerchantId = c.SubMerchantId,
        MerchantContractCode = c.MerchantContractCode,
        ServiceName = c.ServiceName,
        ScenarioCode = c.ScenarioCode,
        SingleUpperLimitUnits = c.SingleUpperLimitUnits,
        Currency = c.Currency,
        Periodic = c.Periodic,
        CycleDebitFixed = c.Periodic ? c.CycleDebitFixed : null,
        CycleType = c.Periodic ? c.CycleType : null,
        CycleValue = c.Periodic ? c.CycleValue : null,
        FirstDeductTimeMs = c.Periodic ? c.FirstDeductTimeMs : null,
        MerchantAccountNo = c.MerchantAccountNo,
        WebhookUrl = c.WebhookUrl,
        SignCode = Ids.NewToken(SignCodeLength),
        Status = ContractStatus.Initial,
        RequestExpireTimeMs = requestExpireMs,
        ContractEndTimeMs = endMs,
        CreateTimeMs = nowMs,
    };
}

using Citrine.Application.Sandbox;
using Citrine.Application.Merchants;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Domain.Orders;

namespace Citrine.Application.Orders;

/// <summary>Creates an order: the business rules of the seed pages (docs/api-reference.md#seed-pages) that need
/// configuration or storage.</summary>
public sealed class CreateOrderHandler(
    IOrderStore orders, IMerchantStore merchants, CurrencyCatalog currencies, TimeProvider time)
{
    /// <summary>Default and longest order lifetime (docs/api-reference.md#create-order-v2: "maximum orderExpireTime is
    /// 1 hour").</summary>
    public static readonly TimeSpan OrderExpiryMax = TimeSpan.FromHours(1);

    private const long V1MinimumUsdUnits = 50_000_000; // 0.5 USD, docs/api-reference.md#create-order-v1
    private const long MinimumUnitsV1V2 = 1_000_000; // 0.01, docs/api-reference.md#create-order-v1, #create-order-v2
    private const long MaximumUnits = 20_000 * Amounts.UnitsPerCoin; // 20000, docs/api-reference.md#create-order-v2
    // v3 fiat orders settle in USDT (docs/api-reference.md#create-order-versions)
    private const string FiatSettlementCurrency = "USDT";
    private const int PrepayIdAttemptsMax = 3;

    public async Task<Result<Order>> HandleAsync(CreateOrderCommand command, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(command.MerchantId);
        var priced = PriceOrder(command);
        if (!priced.IsSuccess)
        {
            return Result<Order>.Fail(priced.Code, priced.Message!);
        }

        var expiry = CheckExpiry(command.OrderExpireTimeMs, nowMs);
        if (expiry is { } expiryFailure)
        {
            return expiryFailure;
        }

        if (CheckSupportPayCurrency(command.SupportPayCurrency) is { } payCurrencyFailure)
        {
            return payCurrencyFailure;
        }

        if (command.SubMerchantId is { } subMerchantId)
        {
            var sub = await merchants.GetSubMerchantAsync(command.MerchantId, subMerchantId, cancellationToken)
                .ConfigureAwait(false);
            if (sub is null || sub.Status != Merchant.Active)
            {
                return Result<Order>.Fail(ResultCodes.SubMerchantInvalid,
                    $"{command.SubMerchantIdField}: no such active sub-merchant under this merchant");
            }
        }

        var (currency, amountUnits) = priced.Value;
        for (var attempt = 0; attempt < PrepayIdAttemptsMax; attempt++)
        {
            var order = BuildOrder(command, currency, amountUnits, nowMs);
            if (await orders.TryInsertAsync(order, cancellationToken).ConfigureAwait(false))
            {
                return Result<Order>.Ok(order);
            }

            if (await orders.MerchantTradeNoExistsAsync(command.MerchantId, command.MerchantTradeNo, cancellationToken)
                    .ConfigureAwait(false))
            {
                return Result<Order>.Fail(ResultCodes.InvalidMerchantTradeNo,
                    "merchantTradeNo: duplicated, an order with this merchantTradeNo exists");
            }
        }

        throw new InvalidOperationException("Could not allocate a unique prepayId.");
    }

    private Result<(string Currency, long Units)> PriceOrder(CreateOrderCommand command)
    {
        if (command.ApiVersion == 3 && command.FiatCurrency is { } fiat)
        {
            if (!currencies.IsFiat(fiat) && !currencies.IsCrypto(fiat))
            {
                return Result<(string, long)>.Fail(ResultCodes.InvalidParamWrongValue,
                    $"fiatCurrency: {fiat} is not a supported currency");
            }

            var converted = currencies.Convert(command.FiatAmountUnits!.Value, fiat, FiatSettlementCurrency);
            return CheckRange("fiatAmount", FiatSettlementCurrency, converted, 1, MaximumUnits);
        }

        var currency = command.Currency!;
        var units = command.AmountUnits!.Value;
        var field = command.AmountField;
        if (command.ApiVersion == 1)
        {
            if (!currencies.IsCrypto(currency) && !currencies.IsFiat(currency))
            {
                return Result<(string, long)>.Fail(ResultCodes.InvalidParamWrongValue,
                    $"currency: {currency} is not a supported fiat or crypto currency");
            }

            // The seed's revision gives the minimum only; the current v1 page (docs/api-reference.md#limits) adds the
            // same 0.01 - 20000 range as v2, which Citrine applies too.
            if (units < MinimumUnitsV1V2 || units > MaximumUnits
                || currencies.UsdUnits(currency, units) < V1MinimumUsdUnits)
            {
                return Result<(string, long)>.Fail(ResultCodes.InvalidParamWrongValue,
                    $"{field}: must be between 0.01 and 20000 and worth at least 0.5 USD");
            }

            return Result<(string, long)>.Ok((currency, units));
        }

        if (!currencies.IsCrypto(currency))
        {
            return Result<(string, long)>.Fail(ResultCodes.InvalidParamWrongValue,
                $"currency: {currency} is not accepted; use one of {string.Join(",", currencies.Crypto)}");
        }

        return CheckRange(field, currency, units, command.ApiVersion == 2 ? MinimumUnitsV1V2 : 1, MaximumUnits);
    }

    private static Result<(string, long)> CheckRange(string field, string currency, long units, long min, long max) =>
        units < min || units > max
            ? Result<(string, long)>.Fail(ResultCodes.InvalidParamWrongValue,
                $"{field}: must be between {Amounts.FormatUnitsShort(min)} and {Amounts.FormatUnitsShort(max)}")
            : Result<(string, long)>.Ok((currency, units));

    private static Failure? CheckExpiry(long? orderExpireTimeMs, long nowMs)
    {
        if (orderExpireTimeMs is not { } expireMs)
        {
            return null;
        }

        if (expireMs <= nowMs || expireMs > nowMs + (long)OrderExpiryMax.TotalMilliseconds)
        {
            return new Failure(ResultCodes.InvalidParamWrongValue,
                "orderExpireTime: must be a Unix time in milliseconds in the future and at most 1 hour ahead");
        }

        return null;
    }

    private Failure? CheckSupportPayCurrency(string? supportPayCurrency)
    {
        if (supportPayCurrency is null)
        {
            return null;
        }

        var unknown = supportPayCurrency.Split(',').FirstOrDefault(c => !currencies.IsCrypto(c.Trim()));
        return unknown is null
            ? null
            : new Failure(ResultCodes.InvalidParamWrongValue,
                $"supportPayCurrency: '{unknown}' is not a supported currency");
    }

    private static Order BuildOrder(CreateOrderCommand command, string currency, long amountUnits, long nowMs) => new()
    {
        PrepayId = Ids.NewPrepayId(nowMs),
        MerchantId = command.MerchantId,
        SubMerchantId = command.SubMerchantId,
        MerchantTradeNo = command.MerchantTradeNo,
        ApiVersion = command.ApiVersion,
        Status = OrderStatus.Initial,
        Currency = currency,
        AmountUnits = amountUnits,
        TerminalType = command.TerminalType,
        ProductType = command.ProductType,
        ProductName = command.ProductName,
        ProductDetail = command.ProductDetail,
        ReturnUrl = command.ReturnUrl,
        CancelUrl = command.CancelUrl,
        WebhookUrl = command.WebhookUrl,
        PassThroughInfo = command.PassThroughInfo,
        SupportPayCurrency = command.SupportPayCurrency?.Replace(" ", "", StringComparison.Ordinal),
        FiatCurrency = command.FiatCurrency,
        FiatAmountUnits = command.FiatAmountUnits,
        CheckoutCode = Ids.NewCheckoutCode(nowMs),
        ExpireTimeMs = command.OrderExpireTimeMs ?? nowMs + (long)OrderExpiryMax.TotalMilliseconds,
        CreateTimeMs = nowMs,
        ProfitSharing = command.ProfitSharing,
    };
}

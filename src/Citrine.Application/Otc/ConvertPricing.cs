using Citrine.Application.Pricing;
using Citrine.Contracts;

namespace Citrine.Application.Otc;

/// <summary>The limits of one side of a pair, in units of 1e-8 of its asset.</summary>
public sealed record ConvertLimits(long MinUnits, long MaxUnits);

/// <summary>A priced conversion: both amounts and both ratios (TO per FROM and FROM per TO) in units of 1e-8.</summary>
public sealed record ConvertPrice(long FromUnits, long ToUnits, long RatioUnits, long InverseUnits);

/// <summary>
/// Pairs, limits and prices of Convert (docs/compatibility.md#convert), all from configuration: every ordered pair of
/// two different crypto assets of <see cref="CitrineOptions.CryptoPricesUsd"/> (the price table the orders use), a
/// quote's side worth from <see cref="CitrineOptions.ConvertMinUsd"/> to <see cref="CitrineOptions.ConvertMaxUsd"/>,
/// and the desk's <see cref="CitrineOptions.ConvertSpreadBasisPoints"/> taken off the value the merchant receives.
/// Integer arithmetic throughout; the desk rounds in its own favour: a computed TO amount down, a computed FROM amount
/// up, both ratios down to 8 decimals.
/// </summary>
public sealed class ConvertPricing(CurrencyCatalog currencies, CitrineOptions options)
{
    private const long BasisPointsPerOne = 10_000;

    public bool IsConvertible(string asset) => currencies.IsCrypto(asset);

    /// <summary>The assets <paramref name="from"/> converts to, in ordinal order; empty when it converts to none.</summary>
    public IReadOnlyList<string> Targets(string from) => IsConvertible(from)
        ? [.. currencies.Crypto.Where(c => c != from).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>How much of <paramref name="asset"/> a quote side may be: the configured USD range at its price,
    /// rounded inwards.</summary>
    public ConvertLimits Limits(string asset)
    {
        var price = (Int128)currencies.PriceUnits(asset);
        var min = (Int128)options.ConvertMinUsd * Amounts.UnitsPerCoin * Amounts.UnitsPerCoin;
        var max = (Int128)options.ConvertMaxUsd * Amounts.UnitsPerCoin * Amounts.UnitsPerCoin;
        return new ConvertLimits(Clamp((min + price - 1) / price), Clamp(max / price));
    }

    /// <summary>Prices a conversion from the given side (exactly one of <paramref name="fromUnits"/> and
    /// <paramref name="toUnits"/>); the computed side may come out 0 for a tiny amount, which the limits refuse.</summary>
    public ConvertPrice Price(string from, string to, long? fromUnits, long? toUnits)
    {
        var (num, den) = Rate(from, to);
        var ratio = Clamp(Amounts.UnitsPerCoin * num / den);
        var inverse = Clamp(Amounts.UnitsPerCoin * den / num);
        return fromUnits is { } f
            ? new ConvertPrice(f, Clamp(f * num / den), ratio, inverse)
            : new ConvertPrice(Clamp((toUnits!.Value * den + num - 1) / num), toUnits.Value, ratio, inverse);
    }

    /// <summary>TO per FROM as a fraction: FROM's price less the spread over TO's price.</summary>
    private (Int128 Num, Int128 Den) Rate(string from, string to) =>
        ((Int128)currencies.PriceUnits(from) * (BasisPointsPerOne - options.ConvertSpreadBasisPoints),
            (Int128)currencies.PriceUnits(to) * BasisPointsPerOne);

    private static long Clamp(Int128 value) => value > long.MaxValue ? long.MaxValue : value < 0 ? 0 : (long)value;
}

using Citrine.Contracts;

namespace Citrine.Application.Pricing;

/// <summary>
/// Configured currencies and their USD prices (docs/decisions.md#order-currencies). Prices are held as integer units of
/// 1e-8 USD so that conversions are exact integer arithmetic.
/// </summary>
public sealed class CurrencyCatalog
{
    private readonly Dictionary<string, long> _cryptoPriceUnits;
    private readonly Dictionary<string, long> _fiatPriceUnits;

    public CurrencyCatalog(CitrineOptions options)
    {
        _cryptoPriceUnits = ToUnits(options.CryptoPricesUsd);
        _fiatPriceUnits = ToUnits(options.FiatPricesUsd);
    }

    public IEnumerable<string> Crypto => _cryptoPriceUnits.Keys;

    public bool IsCrypto(string currency) => _cryptoPriceUnits.ContainsKey(currency);

    public bool IsFiat(string currency) => _fiatPriceUnits.ContainsKey(currency);

    /// <summary>USD price of one whole unit of the currency, in 1e-8 USD.</summary>
    public long PriceUnits(string currency) =>
        _cryptoPriceUnits.TryGetValue(currency, out var p) || _fiatPriceUnits.TryGetValue(currency, out p)
            ? p
            : throw new KeyNotFoundException($"Currency {currency} is not configured.");

    /// <summary>USD value of an amount, in 1e-8 USD, rounded down.</summary>
    public long UsdUnits(string currency, long units) =>
        Saturate((Int128)units * PriceUnits(currency) / Amounts.UnitsPerCoin);

    /// <summary>
    /// Converts an amount between currencies at configured prices, rounding up so that the payer never pays less
    /// than the order is worth.
    /// </summary>
    public long Convert(long units, string from, string to)
    {
        if (from == to)
        {
            return units;
        }

        var numerator = (Int128)units * PriceUnits(from);
        var denominator = (Int128)PriceUnits(to);
        return Saturate((numerator + denominator - 1) / denominator);
    }

    // An unchecked Int128 → long cast wraps around: a huge amount could come out small (even inside an order's range).
    // Clamping keeps "too large" too large, so the range checks refuse it.
    private static long Saturate(Int128 value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;

    private static Dictionary<string, long> ToUnits(Dictionary<string, decimal> prices) =>
        prices.Where(p => p.Value > 0).ToDictionary(
            p => p.Key.ToUpperInvariant(),
            p => Amounts.TryToUnits(p.Value, out var u) ? u : throw new ArgumentException($"Price of {p.Key} has more than 8 decimals."),
            StringComparer.Ordinal);
}

using System.Globalization;

namespace Citrine.Contracts;

/// <summary>
/// The wire edge of money: Binance amounts are decimals with at most 8 places; inside, Citrine counts integer units
/// of 1e-8 (docs/decisions.md#amounts). <c>decimal</c> appears only here and in wire DTOs, never <c>double</c>.
/// </summary>
public static class Amounts
{
    /// <summary>Units per whole coin.</summary>
    public const long UnitsPerCoin = 100_000_000;

    /// <summary>Largest number of decimal places accepted.</summary>
    public const int MaxDecimalPlaces = 8;

    /// <summary>Largest whole-coin magnitude whose units still fit a <c>long</c>.</summary>
    public const decimal MaxCoins = (decimal)long.MaxValue / UnitsPerCoin;

    /// <summary>Converts a wire decimal to units; false when it has more than 8 places or does not fit.</summary>
    public static bool TryToUnits(decimal value, out long units)
    {
        units = 0;
        if (!FitsUnits(value))
        {
            return false;
        }

        var scaled = value * UnitsPerCoin;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        units = (long)scaled;
        return true;
    }

    /// <summary>True when <paramref name="value"/> is small enough for its units to fit a <c>long</c>. Checked before
    /// scaling because <c>value * 1e8</c> throws <see cref="OverflowException"/> for decimals above about 7.9e20.</summary>
    public static bool FitsUnits(decimal value) => value <= MaxCoins && value >= -MaxCoins;

    /// <summary>True when <paramref name="value"/> has at most <see cref="MaxDecimalPlaces"/> significant places.</summary>
    public static bool HasAtMostEightPlaces(decimal value)
    {
        var fraction = value - decimal.Truncate(value);
        return fraction * UnitsPerCoin == decimal.Truncate(fraction * UnitsPerCoin);
    }

    /// <summary>Units back to a decimal with exactly 8 places.</summary>
    public static decimal FromUnits(long units) => decimal.Round(units / (decimal)UnitsPerCoin, MaxDecimalPlaces)
        + 0.00000000m;

    /// <summary>Formats with exactly 8 decimals, invariant culture: <c>0.88000000</c>.</summary>
    public static string Format(decimal value) => value.ToString("0.00000000", CultureInfo.InvariantCulture);

    /// <summary>Formats units with exactly 8 decimals.</summary>
    public static string FormatUnits(long units) => Format(FromUnits(units));

    /// <summary>Formats units with the fewest decimals that keep the value (for <c>orderAmount</c> strings).</summary>
    public static string FormatUnitsShort(long units) =>
        FromUnits(units).ToString("0.########", CultureInfo.InvariantCulture);
}

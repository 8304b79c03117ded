using Citrine.Contracts;

namespace Citrine.Server.Tests.Contracts;

/// <summary>The wire edge of money (docs/decisions.md#amounts): decimals with at most 8 places to integer units of
/// 1e-8.</summary>
public sealed class AmountsTests
{
    [Theory]
    [InlineData("25.17", 2_517_000_000)]
    [InlineData("0.00000001", 1)]
    [InlineData("1", 100_000_000)]
    [InlineData("0", 0)]
    [InlineData("-0.5", -50_000_000)]
    [InlineData("25.170000000000", 2_517_000_000)]
    [InlineData("92233720368", 9_223_372_036_800_000_000)]
    public void Decimals_with_at_most_8_places_convert_exactly(string value, long units)
    {
        Amounts.TryToUnits(Parse(value), out var converted).ShouldBeTrue();
        converted.ShouldBe(units);
    }

    [Theory]
    [InlineData("0.000000001")]
    [InlineData("25.123456789")]
    [InlineData("92233720369")]
    [InlineData("99999999999999999999999")]
    [InlineData("-99999999999999999999999")]
    [InlineData("79228162514264337593543950335")]
    public void More_than_8_places_or_too_large_for_a_long_is_refused_without_throwing(string value)
    {
        Amounts.TryToUnits(Parse(value), out var units).ShouldBeFalse();
        units.ShouldBe(0);
    }

    [Theory]
    [InlineData("1.12345678", true)]
    [InlineData("1.123456789", false)]
    [InlineData("79228162514264337593543950335", true)]
    [InlineData("0.1000000000", true)]
    public void Eight_places_is_about_the_value_not_its_trailing_zeros(string value, bool atMostEight) =>
        Amounts.HasAtMostEightPlaces(Parse(value)).ShouldBe(atMostEight);

    [Theory]
    [InlineData(2_517_000_000, "25.17000000", "25.17")]
    [InlineData(1, "0.00000001", "0.00000001")]
    [InlineData(100_000_000, "1.00000000", "1")]
    [InlineData(0, "0.00000000", "0")]
    [InlineData(long.MaxValue, "92233720368.54775807", "92233720368.54775807")]
    public void Units_format_with_8_places_or_the_fewest_that_keep_the_value(long units, string eight, string shortest)
    {
        Amounts.FormatUnits(units).ShouldBe(eight);
        Amounts.FormatUnitsShort(units).ShouldBe(shortest);
        Amounts.FromUnits(units).ShouldBe(Parse(eight));
        Amounts.FromUnits(units).Scale.ShouldBe((byte)8);
    }

    [Fact]
    public void Units_round_trip_through_decimals()
    {
        foreach (var units in new[] { 1L, 99L, 2_517_000_000L, 123_456_789_012L, long.MaxValue, -5L })
        {
            Amounts.TryToUnits(Amounts.FromUnits(units), out var back).ShouldBeTrue();
            back.ShouldBe(units);
        }
    }

    private static decimal Parse(string value) =>
        decimal.Parse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
}

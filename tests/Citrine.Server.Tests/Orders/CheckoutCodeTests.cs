using Citrine.Application;
using Shouldly;

namespace Citrine.Server.Tests.Ordering;

/// <summary>Checkout codes: the capability of a checkout URL, time-ordered so their unique index grows at its end.</summary>
public sealed class CheckoutCodeTests
{
    private const long Dec2026Ms = 1_796_083_200_000;

    [Fact]
    public void A_code_is_32_lower_case_letters_and_digits_and_codes_sort_by_time()
    {
        var earlier = Ids.NewCheckoutCode(Dec2026Ms);
        var later = Ids.NewCheckoutCode(Dec2026Ms + 1);

        earlier.Length.ShouldBe(Ids.CheckoutCodeLength);
        earlier.ShouldAllBe(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
        string.CompareOrdinal(earlier, later).ShouldBeLessThan(0);
        string.CompareOrdinal(later, Ids.NewCheckoutCode(Dec2026Ms + 36)).ShouldBeLessThan(0);
    }

    [Fact]
    public void Codes_made_in_the_same_millisecond_differ_in_their_24_random_characters()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => Ids.NewCheckoutCode(Dec2026Ms)).ToList();

        codes.Distinct().Count().ShouldBe(1000);
        codes.Select(c => c[..8]).Distinct().ShouldHaveSingleItem();
        codes.Select(c => c[8..]).Distinct().Count().ShouldBe(1000);
    }
}

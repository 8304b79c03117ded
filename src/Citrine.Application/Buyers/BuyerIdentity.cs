using System.Globalization;
using System.Security.Cryptography;

namespace Citrine.Application.Buyers;

/// <summary>
/// How a buyer is known to Binance: a numeric Binance ID, a numeric Pay ID, the registration e-mail and phone (country
/// code without '+', and number). Each is unique among buyers, enforced by the database; payout receiver checks
/// compare against them.
/// </summary>
public sealed record BuyerIdentity(long BinanceId, long PayId, string Email, string MobileCode, string MobileNumber)
{
    /// <summary>The sandbox e-mail domain (reserved <c>.test</c>, so no mail can ever leave).</summary>
    public const string EmailDomain = "sandbox.citrine.test";

    /// <summary>Fresh random identity. Generated Binance IDs are 10 digits from 2,000,000,000 up, away from the ones
    /// migration 0009 derived for older buyers; a clash with a chosen value is retried by <see cref="BuyerAdmin"/>.</summary>
    public static BuyerIdentity NewRandom()
    {
        var binanceId = RandomNumberGenerator.GetInt32(200_000_000, 1_000_000_000) * 10L
                        + RandomNumberGenerator.GetInt32(0, 10);
        return new BuyerIdentity(binanceId, RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000),
            string.Create(CultureInfo.InvariantCulture, $"buyer{binanceId}@{EmailDomain}"), "1",
            string.Create(CultureInfo.InvariantCulture, $"555{RandomNumberGenerator.GetInt32(0, 10_000_000):D7}"));
    }

    /// <summary>The identity migration 0009 gives a buyer that existed before it (same formulas as its SQL).</summary>
    public static BuyerIdentity Derived(long buyerId) => new(1_000_000_000 + buyerId, buyerId,
        string.Create(CultureInfo.InvariantCulture, $"buyer{buyerId}@{EmailDomain}"), "1",
        string.Create(CultureInfo.InvariantCulture, $"5{buyerId}"));
}

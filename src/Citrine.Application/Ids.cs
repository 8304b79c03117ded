using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Citrine.Application;

/// <summary>
/// Identifiers that several nodes can mint without talking to each other: time-ordered with random low bits, so
/// collisions are vanishingly rare and, where they matter, caught by a primary key and retried.
/// </summary>
public static class Ids
{
    /// <summary>Length of an order's checkout code.</summary>
    public const int CheckoutCodeLength = 32;

    private const long Epoch2020Ms = 1_577_836_800_000;

    /// <summary>Base-36 characters of time in a checkout code: 36^8 ms is 89 years from 2020.</summary>
    private const int CheckoutTimeChars = 8;

    private const string TokenAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>An 18-digit prepayId, as real Binance ids are (docs/api-reference.md#quirk-prepayid-length): ms since
    /// 2020 shifted left 20 bits, plus 20 random bits.</summary>
    public static long NewPrepayId(long nowMs) =>
        ((nowMs - Epoch2020Ms) << 20) | (long)RandomNumberGenerator.GetInt32(1 << 20);

    /// <summary>A 9-digit merchant id.</summary>
    public static long NewMerchantId() => RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);

    /// <summary>A 16-digit sub-merchant id, like the reference sample <c>2107268400000001</c>.</summary>
    public static long NewSubMerchantId() =>
        1_000_000_000_000_000 + RandomNumberGenerator.GetInt32(0, int.MaxValue) * 1000L
        + RandomNumberGenerator.GetInt32(1000);

    /// <summary>
    /// An order's 32-character checkout code, the capability in its checkout URL: 8 base-36 characters of the
    /// milliseconds since 2020 (fixed width, so codes sort by time), then 24 random ones (124 bits, as unguessable as a
    /// token needs to be). The time prefix makes the unique index of codes grow at its end, like the time-ordered
    /// prepayIds, instead of touching a random page of a large index on every order (docs/performance.md).
    /// </summary>
    public static string NewCheckoutCode(long nowMs)
    {
        Span<char> prefix = stackalloc char[CheckoutTimeChars];
        var value = Math.Max(0, nowMs - Epoch2020Ms);
        for (var i = CheckoutTimeChars - 1; i >= 0; i--)
        {
            prefix[i] = TokenAlphabet[(int)(value % 36)];
            value /= 36;
        }

        return string.Concat(prefix, NewToken(CheckoutCodeLength - CheckoutTimeChars));
    }

    /// <summary>A random lower-case token of letters and digits.</summary>
    public static string NewToken(int length) =>
        RandomNumberGenerator.GetString(TokenAlphabet, length);

    /// <summary>A transaction id in Binance's shape, <c>M_R_</c> followed by digits.</summary>
    public static string NewTransactionId(long nowMs) =>
        "M_R_" + NewPrepayId(nowMs).ToString(CultureInfo.InvariantCulture);

    /// <summary>A stable 32-hex id of a buyer as seen by one merchant (docs/decisions.md#buyer-identity).</summary>
    public static string OpenUserId(long buyerId, long merchantId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"open-user:{buyerId}:{merchantId}"))))[..32];

    /// <summary>A stable numeric payer id of a buyer as seen by one merchant (docs/decisions.md#buyer-identity): 10
    /// digits, so it survives a JavaScript <c>JSON.parse</c> of the webhook, where <c>payerId</c> is a JSON
    /// number.</summary>
    public static long PayerId(long buyerId, long merchantId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"payer:{buyerId}:{merchantId}")));
        return 1_000_000_000 + (long)(BitConverter.ToUInt64(hash, 0) % 9_000_000_000UL);
    }

    /// <summary>A 9-digit sandbox buyer id.</summary>
    public static long NewBuyerId() => RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);
}

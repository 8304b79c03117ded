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
    private const long Epoch2020Ms = 1_577_836_800_000;

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

    /// <summary>A random lower-case token of letters and digits.</summary>
    public static string NewToken(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

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

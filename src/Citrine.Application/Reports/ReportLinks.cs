using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Citrine.Application.Reports;

/// <summary>
/// Signed, expiring download links of report files (docs/compatibility.md#reports), like the pre-signed links Binance
/// hands out: <c>/reports/download/{merchantId}/{fileName}?expires={ms}&amp;signature={hex}</c>, where the signature
/// is HMAC-SHA256 over the path and the expiry with a server secret that every node shares (stored once in the
/// database). The merchant id is part of the signed path, so a link names one merchant's file and cannot be turned
/// into another's; the expiry is judged by that merchant's sandbox clock.
/// </summary>
public sealed class ReportLinks(IReportStore store)
{
    public const string PathPrefix = "/reports/download/";

    /// <summary>How long a file link of report/get-file lives (the <c>X-Amz-Expires=3600</c> of Binance's links).</summary>
    public const long FileLinkLifetimeMs = 60L * 60 * 1000;

    private const string SecretName = "report-links";

    private byte[]? secret;

    public static string PathOf(long merchantId, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{PathPrefix}{merchantId}/{fileName}");

    /// <summary>The full link of <paramref name="fileName"/> of the merchant, valid until <paramref name="expiresMs"/>.</summary>
    public async Task<string> LinkAsync(string baseUrl, long merchantId, string fileName, long expiresMs,
        CancellationToken cancellationToken)
    {
        var path = PathOf(merchantId, fileName);
        var signature = await SignAsync(path, expiresMs, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"{baseUrl}{path}?expires={expiresMs}&signature={signature}");
    }

    /// <summary>Whether <paramref name="signature"/> is the server's over <paramref name="path"/> and
    /// <paramref name="expiresMs"/> (compared in constant time).</summary>
    public async Task<bool> VerifyAsync(string path, long expiresMs, string signature, CancellationToken cancellationToken)
    {
        var expected = await SignAsync(path, expiresMs, cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(signature));
    }

    private async Task<string> SignAsync(string path, long expiresMs, CancellationToken cancellationToken)
    {
        secret ??= Convert.FromHexString(await store.SecretAsync(SecretName,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), cancellationToken).ConfigureAwait(false));
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{path}\n{expiresMs}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }
}

using System.Globalization;

namespace Citrine.Application.Buyers;

/// <summary>The hints a merchant gives with a receiver id; null when not given.</summary>
public sealed record ReceiverHints(string? Email, string? MobileNumber, string? MobileCode, string? OpenUserId);

/// <summary>
/// Payout receiver check: does the Binance ID (or Pay ID) belong to the person the merchant's hints describe
/// (docs/compatibility.md#payout-receiver-check)? Receivers are the sandbox buyers the calling merchant may use;
/// another merchant's buyer does not exist for it. Every hint given must match (e-mail ignoring case, the mobile code
/// without a leading '+', the <c>openUserId</c> the buyer has with this merchant); with no hint, the answer is whether
/// the id exists.
/// </summary>
public sealed class ReceiverCheck(IBuyerStore buyers)
{
    public async Task<bool> MatchesAsync(long merchantId, ReceiverKind kind, string receiverId, ReceiverHints hints,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hints);
        if (!long.TryParse(receiverId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false; // Binance IDs and Pay IDs are numbers: anything else names nobody.
        }

        var buyer = await buyers.FindByReceiverAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (buyer is null || !buyer.UsableBy(merchantId))
        {
            return false;
        }

        var identity = buyer.Identity;
        return (hints.Email is null || string.Equals(hints.Email.Trim(), identity.Email,
                   StringComparison.OrdinalIgnoreCase))
               && (hints.MobileNumber is null || hints.MobileNumber.Trim() == identity.MobileNumber)
               && (hints.MobileCode is null || hints.MobileCode.Trim().TrimStart('+') == identity.MobileCode)
               && (hints.OpenUserId is null
                   || hints.OpenUserId.Trim() == Ids.OpenUserId(buyer.BuyerId, merchantId));
    }
}

using System.Globalization;
using System.Text.Json;
using Citrine.Application.Sandbox;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Partners;

namespace Citrine.Application.Partners;

/// <summary>
/// Merchant QR codes (docs/api-reference.md#merchant-qr-codes): the sandbox stands in for a Binance App user scanning
/// a merchant-owned QR code. Each scan gets a referId, sends MERCHANT_QR_CODE (its data a JSON object) and may be
/// named once by a v3 order's <c>qrCodeReferId</c> (<see cref="ClaimAsync"/>, <see cref="SettleAsync"/>).
/// </summary>
public sealed class MerchantQrService(IPartnerStore store, TimeProvider time)
{
    public async Task<MerchantQrScan> ScanAsync(long merchantId, string qrContent, string qrCodeType, long? amountUnits,
        string? currency, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(merchantId);
        var amount = amountUnits is { } units ? Amounts.FormatUnitsShort(units) : null;
        var scan = new MerchantQrScan(Ids.NewPrepayId(nowMs), merchantId, qrContent, qrCodeType,
            qrCodeType == PartnerNames.UserInputAmount ? amount : null,
            qrCodeType == PartnerNames.UserInputAmount ? currency : null, null, nowMs);
        var data = new MerchantQrCodeNotificationData
        {
            QrContent = scan.QrContent,
            ReferId = scan.ReferId.ToString(CultureInfo.InvariantCulture),
            QrCodeType = scan.QrCodeType,
            Amount = scan.Amount,
            Currency = scan.Currency,
        };
        var webhook = new OutboxEvent(merchantId,
            string.Create(CultureInfo.InvariantCulture, $"merchant-qr:{scan.ReferId}"),
            PartnerNames.BizTypeMerchantQrCode, scan.ReferId, PartnerNames.MerchantQrCodeScanned,
            JsonSerializer.Serialize(data, WireJson.Options), null, nowMs);
        await store.InsertScanAsync(scan, webhook, cancellationToken).ConfigureAwait(false);
        return scan;
    }

    /// <summary>Claims the merchant's unused scan <paramref name="referId"/> for an order about to be created; an
    /// unknown, foreign or already used referId fails with 400102 (docs/compatibility.md#merchant-qr-codes).</summary>
    public async Task<Failure?> ClaimAsync(long merchantId, string referId, CancellationToken cancellationToken) =>
        long.TryParse(referId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && await store.MoveScanAsync(merchantId, id, null, Claimed, cancellationToken).ConfigureAwait(false)
            ? null
            : new Failure(ResultCodes.InvalidParamWrongValue,
                "qrCodeReferId: no unused merchant QR code scan of this merchant has this referId");

    /// <summary>Binds a claimed scan to the order created (<paramref name="prepayId"/>), or gives it back (null)
    /// when the order was refused.</summary>
    public async Task SettleAsync(long merchantId, string referId, long? prepayId, CancellationToken cancellationToken)
    {
        var id = long.Parse(referId, NumberStyles.None, CultureInfo.InvariantCulture);
        await store.MoveScanAsync(merchantId, id, Claimed, prepayId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The mark of a scan claimed by an order being created (no prepayId is 0).</summary>
    private const long Claimed = 0;
}

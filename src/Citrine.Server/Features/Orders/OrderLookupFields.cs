using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Server.Http;

namespace Citrine.Server.Features.Orders;

/// <summary>
/// Reads <c>prepayId</c> / <c>merchantTradeNo</c> for Query and Close (docs/api-reference.md#close-order): each at most
/// its length, letters or digits; one of them must be given; prepayId wins when both are.
/// </summary>
internal static class OrderLookupFields
{
    public const int PrepayIdMax = 19;

    public static OrderLookup Read(SignedRequest request)
    {
        var f = request.Fields;
        var tradeNo = f.String("merchantTradeNo", required: false, OrderFieldRules.MerchantTradeNoMax,
            lettersOrDigits: true);
        var prepayText = f.String("prepayId", required: false, PrepayIdMax, lettersOrDigits: true);
        if (tradeNo is null && prepayText is null)
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed,
                "prepayId or merchantTradeNo: one of them must not be empty");
        }

        long? prepayId = null;
        if (prepayText is not null)
        {
            // Citrine's prepayIds are numbers; a well-formed id that is not one names no order.
            prepayId = long.TryParse(prepayText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
        }

        return new OrderLookup(request.Merchant.MerchantId, prepayId, prepayId is null ? tradeNo : null);
    }
}

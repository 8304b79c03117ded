using System.Globalization;
using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Orders;

/// <summary>
/// <c>prepayId</c> / <c>merchantTradeNo</c> for Query and Close (docs/api-reference.md#close-order) and the sandbox
/// order helpers: each at most its length, letters or digits; one of them must be given; prepayId wins when both are.
/// </summary>
internal static class OrderLookupFields
{
    public static readonly Field MerchantTradeNo = Text("merchantTradeNo", required: false,
        OrderFields.MerchantTradeNoMax, lettersOrDigits: true);

    public static readonly Field PrepayId = Text("prepayId", required: false, OrderFields.PrepayIdMax,
        lettersOrDigits: true);

    public static readonly Rule OneOf = Rule("prepayId or merchantTradeNo must be given",
        ResultCodes.MandatoryParamEmptyOrMalformed,
        c => c.Values.Has(MerchantTradeNo) || c.Values.Has(PrepayId)
            ? null
            : "prepayId or merchantTradeNo: one of them must not be empty");

    public static readonly Shape Shape = Shape.Of(MerchantTradeNo, PrepayId, OneOf);

    public static Application.Orders.OrderLookup Read(Inbound request)
    {
        var prepayId = PrepayIdOf(request.Fields);
        return new Application.Orders.OrderLookup(request.MerchantId, prepayId,
            prepayId is null ? request.Fields.Text(MerchantTradeNo) : null);
    }

    /// <summary>Citrine's prepayIds are numbers; a well-formed id that is not one names no order (-1).</summary>
    public static long? PrepayIdOf(FieldValues fields) => fields.Text(PrepayId) is { } text
        ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1
        : null;
}

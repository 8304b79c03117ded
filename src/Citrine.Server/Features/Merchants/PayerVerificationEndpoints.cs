using System.Globalization;
using Citrine.Application.Buyers;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Merchants;

/// <summary>Payer verification (docs/api-reference.md#payer-verification): <c>data</c> is true when every given item
/// matches the payer's KYC profile, false on any mismatch.</summary>
internal static class PayerVerificationEndpoints
{
    private const int InformationMax = 20;
    private const int ValueMax = 1024;

    private static readonly Field BinanceId = PayerIdField("binanceId");
    private static readonly Field AccountId = PayerIdField("accountId");

    private static readonly Rule OneOfIds = Rule("binanceId or accountId must be given",
        ResultCodes.MandatoryParamEmptyOrMalformed, c => c.Values.Has(BinanceId) || c.Values.Has(AccountId)
            ? null
            : "binanceId or accountId: one of them must not be empty");

    private static readonly Field PayerType = Enum("payerType", required: true,
        [PayerVerifier.Individual, PayerVerifier.Corporate]);

    private static readonly Field Category = Enum("category", required: true,
        [.. PayerVerifier.IndividualCategories, .. PayerVerifier.CorporateCategories]);

    private static readonly Field Value = Text("value", required: true, ValueMax);

    private static readonly Field Information = Array("information", required: false, InformationMax,
        Shape.Of(Category, Value));

    public static readonly EndpointDeclaration Verify = new()
    {
        Path = "/binancepay/openapi/order/payer/verification",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(PayerVerificationRequest),
        Response = typeof(bool),
        Request = Shape.Of(BinanceId, AccountId, OneOfIds, PayerType, Information,
            OrderLookupFields.MerchantTradeNo, OrderLookupFields.PrepayId),
        Handler = VerifyAsync,
        Summary = "Payer verification: does the payer's KYC data match the merchant's?",
        Example = """{"binanceId":"2000000001","payerType":"INDIVIDUAL","information":[{"category":"FIRST_NAME","value":"Alice"},{"category":"DATE_OF_BIRTH","value":"1990-01-31"}]}""",
        Codes =
        [
            ResultCodes.InvalidParamWrongValue, ResultCodes.AccountNotFound, ResultCodes.OrderNotFound,
            ResultCodes.InvalidOrderStatus, ResultCodes.PayerKycIncomplete,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Verify];

    private static async Task<IResult> VerifyAsync(Inbound request, PayerVerifier verifier,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        // binanceId wins when both are given, as prepayId does over merchantTradeNo.
        var (kind, text) = f.Text(BinanceId) is { } binanceId
            ? (ReceiverKind.BinanceId, binanceId)
            : (ReceiverKind.PayId, f.Text(AccountId)!);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId))
        {
            accountId = -1; // 20 digits: above long's range, so no payer has it.
        }

        var information = (f.Items(Information) ?? [])
            .Select(item => (item.Text(Category)!, item.Text(Value)!)).ToList();
        var prepayId = OrderLookupFields.PrepayIdOf(f);
        var tradeNo = f.Text(OrderLookupFields.MerchantTradeNo);
        var order = prepayId is null && tradeNo is null
            ? null
            : new Application.Orders.OrderLookup(request.MerchantId, prepayId, prepayId is null ? tradeNo : null);
        var result = await verifier.VerifyAsync(new PayerVerificationQuery(request.MerchantId, kind, accountId,
            f.Text(PayerType)!, information, order), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, matches => matches);
    }

    private static Field PayerIdField(string name) => Text(name, required: false, 20, lettersOrDigits: true)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "digits only", text => text.All(char.IsAsciiDigit));
}

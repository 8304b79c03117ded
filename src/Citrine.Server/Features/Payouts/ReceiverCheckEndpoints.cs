using Citrine.Application.Buyers;
using Citrine.Contracts.Payouts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Payouts;

/// <summary>Payout receiver check (docs/api-reference.md#payout-receiver-check): <c>data</c> is <c>true</c> when the
/// receiver exists for the caller and every hint given matches it.</summary>
internal static class ReceiverCheckEndpoints
{
    private const int HintMax = 256;

    private static readonly Field ReceiveType = Enum("receiveType", required: true, ReceiveTypes.Checkable);
    private static readonly Field ReceiverId = Text("receiverId", required: true, 64);
    private static readonly Field RegistrationEmail = Text("registrationEmail", required: false, HintMax);
    private static readonly Field RegistrationMobileNumber = Text("registrationMobileNumber", required: false, 32);
    private static readonly Field RegistrationMobileCode = Text("registrationMobileCode", required: false, 8);
    private static readonly Field OpenUserId = Text("openUserId", required: false, 64);

    public static readonly EndpointDeclaration Check = new()
    {
        Path = "/binancepay/openapi/payout/receiver/check",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(ReceiverCheckRequest),
        Response = typeof(bool),
        Request = Shape.Of(ReceiveType, ReceiverId, RegistrationEmail, RegistrationMobileNumber,
            RegistrationMobileCode, OpenUserId),
        Handler = CheckAsync,
        Summary = "Payout receiver check: does the receiver exist and match the registration details given",
        Example = """{"receiveType":"BINANCE_ID","receiverId":"2000000001","registrationEmail":"alice@example.com"}""",
        Codes = [],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Check];

    private static async Task<IResult> CheckAsync(Inbound request, ReceiverCheck check,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var kind = f.Text(ReceiveType) == ReceiveTypes.PayId ? ReceiverKind.PayId : ReceiverKind.BinanceId;
        var matched = await check.MatchesAsync(request.MerchantId, kind, f.Text(ReceiverId)!,
            new ReceiverHints(f.Text(RegistrationEmail), f.Text(RegistrationMobileNumber),
                f.Text(RegistrationMobileCode), f.Text(OpenUserId)), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(matched);
    }
}

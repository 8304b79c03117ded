using System.Text.Json.Serialization;
using Citrine.Application.Payouts;
using Citrine.Contracts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Payouts;

/// <summary>
/// Citrine-only sandbox verbs of payouts (docs/sandbox.md#payouts): freeze a buyer as a payout receiver (its lines
/// then FAIL, money back to the merchant), and complete an awaiting e-mail line as if the invitee had registered.
/// </summary>
internal static class SandboxPayoutEndpoints
{
    private static readonly Field BuyerId = Integer("buyerId", required: true);
    private static readonly Field Frozen = Boolean("frozen", required: false);
    private static readonly Field MerchantId = Integer("merchantId", required: true);
    private static readonly Field RequestId = Text("requestId", required: true, PayoutEndpoints.IdMax);
    private static readonly Field MerchantSendId = Text("merchantSendId", required: true, PayoutEndpoints.IdMax);

    /// <summary><c>{buyerId, frozen}</c>: signed by a merchant for a buyer it may use, or with the admin token for
    /// any buyer; <c>frozen</c> defaults to true.</summary>
    public static readonly EndpointDeclaration FreezeReceiver = new()
    {
        Path = "/sandbox/payouts/freeze-receiver",
        Auth = AuthPolicy.SignedOrAdmin,
        Response = typeof(bool),
        Request = Shape.Of(BuyerId, Frozen),
        Handler = async (Inbound request, PayoutSandbox sandbox, CancellationToken ct) =>
        {
            var f = request.Fields;
            return BinanceEnvelope.From(await sandbox.FreezeReceiverAsync(request.Caller.MerchantId,
                f.Number(BuyerId)!.Value, f.Flag(Frozen) ?? true, ct).ConfigureAwait(false), frozen => frozen);
        },
        Summary = "Freeze (or unfreeze) a buyer as a payout receiver: payout lines to it fail",
        Example = """{"buyerId":100000001,"frozen":true}""",
        Codes = [ResultCodes.SandboxBuyerNotFound],
    };

    /// <summary><c>{requestId, merchantSendId, buyerId}</c> (merchant) or with <c>merchantId</c> (admin): the
    /// awaiting e-mail line is received by the buyer (paid, <c>PAYOUT_NON_BN</c> SUCCESS).</summary>
    public static readonly EndpointDeclaration Receive = new()
    {
        Path = "/sandbox/payouts/receive",
        Auth = AuthPolicy.SignedOrAdmin,
        Response = typeof(ReceivedLine),
        Request = Shape.Of(When("merchantId only for the administrator", c => c.Caller.IsAdmin, MerchantId),
            RequestId, MerchantSendId, BuyerId),
        Handler = async (Inbound request, PayoutSandbox sandbox, CancellationToken ct) =>
        {
            var f = request.Fields;
            var merchantId = request.Caller.MerchantId ?? f.Number(MerchantId)!.Value;
            return BinanceEnvelope.From(await sandbox.ReceiveAsync(merchantId, f.Text(RequestId)!,
                f.Text(MerchantSendId)!, f.Number(BuyerId)!.Value, ct).ConfigureAwait(false),
                line => new ReceivedLine(line.LineId, line.MerchantSendId, line.Status, line.PayeePayId));
        },
        Summary = "Complete an awaiting e-mail payout line as if its invitee had registered as the given buyer",
        Example = """{"requestId":"samplerequest1234","merchantSendId":"21231313132","buyerId":100000001}""",
        Codes = [ResultCodes.OrderNotFound, ResultCodes.SandboxBuyerNotFound, ResultCodes.InvalidRequest],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [FreezeReceiver, Receive];

    /// <summary>The line after it was received.</summary>
    internal sealed record ReceivedLine(
        [property: JsonPropertyName("orderId")] long OrderId,
        [property: JsonPropertyName("merchantSendId")] string MerchantSendId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("payeeId")] long? PayeeId);
}

using Citrine.Application.Payouts;
using Citrine.Contracts;
using Citrine.Contracts.Payouts;
using Citrine.Contracts.Wallets;
using Citrine.Server.Features.Wallets;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Payouts;

/// <summary>Batch Payout and Payout Query (docs/api-reference.md#payouts): a batch is checked here field by field and
/// across fields, reserved and stored by <see cref="PayoutTransferHandler"/>, and paid line by line by the
/// processor.</summary>
internal static class PayoutEndpoints
{
    public const int IdMax = 32;
    public const int LinesMax = 500;
    private const int ReceiverMax = 128;
    private const int RemarkMax = 128;

    /// <summary>500 lines with every field at its longest fit (docs/compatibility.md#payouts).</summary>
    private const int BodyMax = 640 * 1024;

    private static readonly Field RequestId = Text("requestId", required: true, IdMax);
    private static readonly Field BizScene = Enum("bizScene", required: false, PayoutNames.BizScenes);
    private static readonly Field BatchName = Text("batchName", required: true, IdMax);
    private static readonly Field Currency = WalletFields.Currency(required: true);
    private static readonly Field TotalAmount = Amount("totalAmount", required: true);
    private static readonly Field TotalNumber = Integer("totalNumber", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, $"from 1 to {LinesMax}", n => n is >= 1 and <= LinesMax);

    private static readonly Field MerchantSendId = Text("merchantSendId", required: true, IdMax);
    private static readonly Field ReceiveType = Enum("receiveType", required: true, PayoutNames.ReceiveTypes);
    private static readonly Field Receiver = Text("receiver", required: true, ReceiverMax);
    private static readonly Field TransferAmount = Amount("transferAmount", required: true);
    private static readonly Field TransferMethod = Enum("transferMethod", required: true, WalletNames.Wallets);
    private static readonly Field Remark = Text("remark", required: false, RemarkMax);
    private static readonly Field RegistrationEmail = Text("registrationEmail", required: false, 256);
    private static readonly Field RegistrationMobileNumber = Text("registrationMobileNumber", required: false, 32);
    private static readonly Field RegistrationMobileCode = Text("registrationMobileCode", required: false, 8);

    private static readonly Shape Line = Shape.Of(MerchantSendId, ReceiveType, Receiver, TransferAmount,
        TransferMethod, Remark, RegistrationEmail, RegistrationMobileNumber, RegistrationMobileCode,
        Rule("a PHONE receiver needs registrationMobileCode", ResultCodes.MandatoryParamEmptyOrMalformed,
            c => c.Values.Text(ReceiveType) == PayoutNames.Phone && c.Values.Text(RegistrationMobileCode) is null
                ? "registrationMobileCode: is mandatory for a PHONE receiver"
                : null),
        Rule("receiver has the form of its receiveType (digits for an id or phone, an address for EMAIL)",
            ResultCodes.InvalidParamWrongValue, c => ReceiverProblem(c.Values)));

    private static readonly Field Details = Array("transferDetailList", required: true, LinesMax, Line)
        .Check<IReadOnlyList<FieldValues>>(ResultCodes.MandatoryParamEmptyOrMalformed, "at least one item",
            items => items.Count > 0);

    private static readonly Field WebhookUrl = Url("webhookUrl", 256);
    private static readonly Field SubMerchantId = Text("subMerchantId", required: false, IdMax);
    private static readonly Field MerchantId = Integer("merchantId", required: false);

    private static readonly Field QueryRequestId = Text("requestId", required: true, IdMax);
    private static readonly Field DetailStatus = EnumList("detailStatus", required: false, PayoutNames.DetailStatuses,
        PayoutNames.DetailStatuses.Count);

    public static readonly EndpointDeclaration Transfer = new()
    {
        Path = "/binancepay/openapi/payout/transfer",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(PayoutTransferRequest),
        Response = typeof(PayoutTransferResult),
        Request = Shape.Of(RequestId, BizScene, BatchName, Currency, TotalAmount, TotalNumber, Details, WebhookUrl,
            SubMerchantId, MerchantId,
            Rule("totalNumber equals the number of transferDetailList items", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Number(TotalNumber) != c.Values.Items(Details)!.Count
                    ? "totalNumber: must equal the number of transferDetailList items"
                    : null),
            Rule("totalAmount equals the sum of the transferAmount of every item", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Number(TotalAmount) != c.Values.Items(Details)!
                        .Aggregate(Int128.Zero, (sum, item) => sum + item.Number(TransferAmount)!.Value)
                    ? "totalAmount: must equal the sum of transferDetailList[].transferAmount"
                    : null),
            Rule("merchantSendId is unique within the batch", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Items(Details)!.GroupBy(i => i.Text(MerchantSendId), StringComparer.Ordinal)
                    .FirstOrDefault(g => g.Count() > 1) is { } repeated
                    ? $"transferDetailList[].merchantSendId: '{repeated.Key}' is given twice"
                    : null)),
        Handler = TransferAsync,
        MaxBodyBytes = BodyMax,
        Summary = "Batch payout: pay up to 500 receivers (Binance ID, Pay ID, e-mail, phone) from the merchant's "
                  + "wallets, asynchronously (idempotent by requestId)",
        Example = """
            {"requestId":"samplerequest1234","batchName":"sample batch","currency":"USDT","totalAmount":2.5,
             "totalNumber":2,"bizScene":"SETTLEMENT","transferDetailList":[
              {"merchantSendId":"22231313131","transferAmount":1.5,"receiveType":"BINANCE_ID",
               "transferMethod":"FUNDING_WALLET","receiver":"2000000001","remark":"test1"},
              {"merchantSendId":"21231313132","transferAmount":1,"receiveType":"EMAIL",
               "transferMethod":"FUNDING_WALLET","receiver":"someone@example.com","remark":"test2"}]}
            """,
        Codes = [ResultCodes.RepeatRequestSuccess, ResultCodes.AccountRemainingAmountNotEnough, ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration Query = new()
    {
        Path = "/binancepay/openapi/payout/query",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(PayoutQueryRequest),
        Response = typeof(PayoutQueryResult),
        Request = Shape.Of(QueryRequestId, DetailStatus),
        Handler = QueryAsync,
        Summary = "Payout query: a batch by its requestId with its lines, filtered by detailStatus",
        Example = """{"requestId":"samplerequest1234","detailStatus":["ALL"]}""",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Transfer, Query];

    private static string? ReceiverProblem(FieldValues line)
    {
        var receiver = line.Text(Receiver)!;
        return line.Text(ReceiveType) switch
        {
            PayoutNames.Email when receiver.IndexOf('@', StringComparison.Ordinal) is var at
                && (at <= 0 || at != receiver.LastIndexOf('@') || at == receiver.Length - 1 || receiver.Any(char.IsWhiteSpace))
                => "receiver: an EMAIL receiver must be an e-mail address",
            PayoutNames.Email => null,
            var type when receiver.Length > 19 || !receiver.All(char.IsAsciiDigit)
                => $"receiver: a {type} receiver is a number of at most 19 digits",
            _ => null,
        };
    }

    private static async Task<IResult> TransferAsync(Inbound request, PayoutTransferHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var lines = f.Items(Details)!.Select(i => new PayoutLineCommand(i.Text(MerchantSendId)!, i.Text(ReceiveType)!,
            i.Text(Receiver)!, i.Text(ReceiveType) == PayoutNames.Phone ? i.Text(RegistrationMobileCode)!.TrimStart('+')
                : null, i.Number(TransferAmount)!.Value, i.Text(TransferMethod)!, i.Text(Remark))).ToList();
        var result = await handler.TransferAsync(new PayoutCommand(request.MerchantId, f.Text(RequestId)!,
            f.Text(BatchName)!, f.Text(Currency)!, f.Number(TotalAmount)!.Value, (int)f.Number(TotalNumber)!.Value,
            f.Text(BizScene) ?? PayoutNames.DirectTransfer, f.Text(WebhookUrl), lines), cancellationToken)
            .ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceEnvelope.Fail(result.Code, result.Message);
        }

        var view = new PayoutTransferResult { RequestId = result.Value!.Batch.RequestId, Status = PayoutNames.Accepted };
        return result.Value.Replay ? BinanceEnvelope.Repeat(view) : BinanceEnvelope.Ok(view);
    }

    private static async Task<IResult> QueryAsync(Inbound request, PayoutTransferHandler handler,
        CancellationToken cancellationToken)
    {
        var statuses = request.Fields.TextList(DetailStatus);
        var filter = statuses is null || statuses.Contains(PayoutNames.All) ? null : statuses.ToHashSet(StringComparer.Ordinal);
        var result = await handler.QueryAsync(request.MerchantId, request.Fields.Text(QueryRequestId)!, filter,
            cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, view => new PayoutQueryResult
        {
            RequestId = view.Batch.RequestId,
            BatchStatus = view.Batch.Status,
            MerchantId = view.Batch.MerchantId,
            Currency = view.Batch.Currency,
            TotalAmount = Amounts.FromUnits(view.Batch.TotalUnits),
            TotalPaidAmount = Amounts.FromUnits(view.PaidUnits),
            TotalPayoutFee = 0m,
            TotalNumber = view.Batch.TotalNumber,
            TransferDetailList = [.. view.Lines.Select(l => new PayoutDetailResult
            {
                OrderId = l.LineId,
                MerchantSendId = l.MerchantSendId,
                PayerId = l.MerchantId,
                Amount = Amounts.FromUnits(l.AmountUnits),
                ReceiveType = l.ReceiveType,
                Receiver = l.Receiver,
                PayeeId = l.PayeePayId,
                TransferMethod = l.TransferMethod,
                Status = l.Status,
                Remark = l.Remark,
            })],
        });
    }
}

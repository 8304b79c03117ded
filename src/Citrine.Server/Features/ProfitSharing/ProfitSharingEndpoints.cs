using System.Globalization;
using Citrine.Application.ProfitSharing;
using Citrine.Contracts;
using Citrine.Contracts.ProfitSharing;
using Citrine.Domain.ProfitSharing;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.ProfitSharing;

/// <summary>The six profit-sharing calls (docs/api-reference.md#profit-sharing): fields checked here, rules in
/// <see cref="ProfitSharingHandler"/>, lines paid by <see cref="SplitProcessor"/>.</summary>
internal static class ProfitSharingEndpoints
{
    public const int IdMax = 32;
    public const int AccountMax = 32;
    public const int ReceiversMax = 100;
    public const int PageSizeMax = 100;
    private const int DescriptionMax = 128;
    private const int PrepayIdMax = 19;
    private const string Prefix = "/binancepay/openapi/profitsharing/v1/";

    private static readonly Field Account = Text("account", required: true, AccountMax);
    private static readonly Field PageNum = Integer("pageNum", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "from 1", n => n is >= 1 and <= int.MaxValue);
    private static readonly Field PageSize = Integer("pageSize", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, $"from 1 to {PageSizeMax}", n => n is >= 1 and <= PageSizeMax);

    private static readonly Field MerchantRequestId = Text("merchantRequestId", required: true, IdMax);
    private static readonly Field PrepayOrderId = Text("prepayOrderId", required: true, PrepayIdMax,
        lettersOrDigits: true);

    private static readonly Field LineAccount = Text("account", required: true, AccountMax);
    private static readonly Field LineAmount = Positive(Amount("amount", required: true));
    private static readonly Field LineDescription = Description(required: true);
    private static readonly Field LineWebhookUrl = Url("webhookUrl", 256);

    private static readonly Field ReceiverList = Array("receiverList", required: true, ReceiversMax,
            Shape.Of(LineAccount, LineAmount, LineDescription, LineWebhookUrl))
        .Check<IReadOnlyList<FieldValues>>(ResultCodes.MandatoryParamEmptyOrMalformed, "at least one item",
            items => items.Count > 0);

    private static readonly Field SplitOrderNo = Text("splitOrderNo", required: false, PrepayIdMax,
        lettersOrDigits: true);
    private static readonly Field OriginMerchantRequestId = Text("originMerchantRequestId", required: false, IdMax);
    private static readonly Field MerchantReturnNo = Text("merchantReturnNo", required: true, IdMax);
    private static readonly Field TransferOutAccount = Text("transferOutAccount", required: true, AccountMax);
    private static readonly Field ReturnAmount = Positive(Amount("returnAmount", required: true));
    private static readonly Field ReturnDescription = Description(required: false);
    private static readonly Field ReturnWebhookUrl = Url("webhookUrl", 256);

    private static readonly DeclaredCode[] ReceiverCodes = [ResultCodes.InvalidParamWrongValue];

    public static readonly EndpointDeclaration AddReceiver = new()
    {
        Path = Prefix + "add-receiver",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SplitReceiverRequest),
        Response = typeof(SplitReceiverResult),
        Request = Shape.Of(Account),
        Handler = AddReceiverAsync,
        Summary = "Profit sharing: register a receiver by its Binance ID (a sandbox buyer the merchant may pay); "
                  + "registering it again succeeds",
        Example = """{"account":"1000000001"}""",
        Codes = ReceiverCodes,
    };

    public static readonly EndpointDeclaration QueryReceiver = new()
    {
        Path = Prefix + "query-receiver",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(QuerySplitReceiversRequest),
        Response = typeof(SplitReceiverPage),
        Request = Shape.Of(PageNum, PageSize),
        Handler = QueryReceiverAsync,
        Summary = "Profit sharing: a page of the merchant's receivers, oldest first",
        Example = """{"pageNum":1,"pageSize":20}""",
        Codes = [ResultCodes.InvalidParamWrongValue],
    };

    public static readonly EndpointDeclaration DeleteReceiver = new()
    {
        Path = Prefix + "del-receiver",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SplitReceiverRequest),
        Response = typeof(SplitReceiverResult),
        Request = Shape.Of(Account),
        Handler = DeleteReceiverAsync,
        Summary = "Profit sharing: delete a registered receiver (lines still PROCESSING to it then fail)",
        Example = """{"account":"1000000001"}""",
        Codes = ReceiverCodes,
    };

    public static readonly EndpointDeclaration SubmitSplit = new()
    {
        Path = Prefix + "submit-split",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SubmitSplitRequest),
        Response = typeof(SplitResult),
        Request = Shape.Of(MerchantRequestId, PrepayOrderId, ReceiverList,
            Rule("each account appears once in receiverList", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Items(ReceiverList)!.GroupBy(i => i.Text(LineAccount), StringComparer.Ordinal)
                    .FirstOrDefault(g => g.Count() > 1) is { } repeated
                    ? $"receiverList[].account: '{repeated.Key}' is given twice"
                    : null)),
        Handler = SubmitSplitAsync,
        Summary = "Profit sharing: split a PAID order created with orderTags.ifProfitSharing among registered "
                  + "receivers, from the merchant's FUNDING wallet, asynchronously (idempotent by merchantRequestId)",
        Example = """
            {"merchantRequestId":"some_unique_id_1234","prepayOrderId":"12345",
             "receiverList":[{"account":"1000000001","amount":9.99,"description":"A description.",
              "webhookUrl":"https://example.com/split"}]}
            """,
        Codes =
        [
            ResultCodes.RepeatRequestSuccess, ResultCodes.InvalidRequest, ResultCodes.SplitOrderInvalid,
            ResultCodes.InvalidParamWrongValue, ResultCodes.AccountRemainingAmountNotEnough,
        ],
    };

    public static readonly EndpointDeclaration QuerySplit = new()
    {
        Path = Prefix + "query-split",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(QuerySplitRequest),
        Response = typeof(SplitResult),
        Request = Shape.Of(MerchantRequestId, PrepayOrderId),
        Handler = QuerySplitAsync,
        Summary = "Profit sharing: a split by its merchantRequestId and order, with its lines",
        Example = """{"merchantRequestId":"some_unique_id_1234","prepayOrderId":"12345"}""",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static readonly EndpointDeclaration Return = new()
    {
        Path = Prefix + "return",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SplitReturnRequest),
        Response = typeof(Contracts.ProfitSharing.SplitReturnResult),
        Request = Shape.Of(PrepayOrderId, SplitOrderNo, OriginMerchantRequestId, MerchantReturnNo, TransferOutAccount,
            ReturnAmount, ReturnDescription, ReturnWebhookUrl,
            Rule("splitOrderNo or originMerchantRequestId must be given", ResultCodes.MandatoryParamEmptyOrMalformed,
                c => c.Values.Has(SplitOrderNo) || c.Values.Has(OriginMerchantRequestId)
                    ? null
                    : "splitOrderNo or originMerchantRequestId: one of them must not be empty")),
        Handler = ReturnAsync,
        Summary = "Profit sharing: take part of a paid split line back from its receiver into the FUNDING wallet "
                  + "(idempotent by merchantReturnNo)",
        Example = """
            {"prepayOrderId":"12345","splitOrderNo":"123456789012345678","merchantReturnNo":"return_0001",
             "transferOutAccount":"1000000001","returnAmount":"0.01","description":"Returned goods"}
            """,
        Codes =
        [
            ResultCodes.RepeatRequestSuccess, ResultCodes.InvalidRequest, ResultCodes.OrderNotFound,
            ResultCodes.InvalidParamWrongValue,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } =
        [AddReceiver, QueryReceiver, DeleteReceiver, SubmitSplit, QuerySplit, Return];

    private static Field Positive(Field amount) =>
        amount.Check<long>(ResultCodes.InvalidParamWrongValue, "greater than 0", units => units > 0);

    private static Field Description(bool required) => Text("description", required, DescriptionMax)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "letters, digits, spaces and , / . only",
            text => text.All(ch => char.IsLetterOrDigit(ch) || ch is ' ' or ',' or '/' or '.'));

    /// <summary>Citrine's ids are numbers; a well-formed id that is not one names nothing (-1).</summary>
    private static long IdOf(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    private static async Task<IResult> AddReceiverAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await handler.AddReceiverAsync(request.MerchantId, request.Fields.Text(Account)!,
            cancellationToken).ConfigureAwait(false), account => new SplitReceiverResult { Account = account });

    private static async Task<IResult> DeleteReceiverAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await handler.DeleteReceiverAsync(request.MerchantId, request.Fields.Text(Account)!,
            cancellationToken).ConfigureAwait(false), account => new SplitReceiverResult { Account = account });

    private static async Task<IResult> QueryReceiverAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken)
    {
        var (pageNum, pageSize) = ((int)request.Fields.Number(PageNum)!.Value, (int)request.Fields.Number(PageSize)!.Value);
        var page = await handler.ListReceiversAsync(request.MerchantId, pageNum, pageSize, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.Ok(new SplitReceiverPage
        {
            AccountList = page.Accounts,
            TotalPageNum = (int)((page.Total + pageSize - 1) / pageSize),
            TotalRecordNum = page.Total,
            CurrentPageNum = pageNum,
            CurrentPageSize = pageSize,
        });
    }

    private static async Task<IResult> SubmitSplitAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var lines = f.Items(ReceiverList)!.Select(i => new SplitLineCommand(i.Text(LineAccount)!,
            i.Number(LineAmount)!.Value, i.Text(LineDescription)!, i.Text(LineWebhookUrl))).ToList();
        var result = await handler.SubmitAsync(new SplitCommand(request.MerchantId, f.Text(MerchantRequestId)!,
            IdOf(f.Text(PrepayOrderId)!), lines), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceEnvelope.Fail(result.Code, result.Message);
        }

        var view = View(result.Value!);
        return result.Value!.Replay ? BinanceEnvelope.Repeat(view) : BinanceEnvelope.Ok(view);
    }

    private static async Task<IResult> QuerySplitAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken) =>
        BinanceEnvelope.From(await handler.QueryAsync(request.MerchantId, request.Fields.Text(MerchantRequestId)!,
            IdOf(request.Fields.Text(PrepayOrderId)!), cancellationToken).ConfigureAwait(false), View);

    private static async Task<IResult> ReturnAsync(Inbound request, ProfitSharingHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await handler.ReturnAsync(new SplitReturnCommand(request.MerchantId, IdOf(f.Text(PrepayOrderId)!),
            f.Text(SplitOrderNo) is { } no ? IdOf(no) : null, f.Text(OriginMerchantRequestId),
            f.Text(MerchantReturnNo)!, f.Text(TransferOutAccount)!, f.Number(ReturnAmount)!.Value,
            f.Text(ReturnDescription), f.Text(ReturnWebhookUrl)), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceEnvelope.Fail(result.Code, result.Message);
        }

        var r = result.Value!.Return;
        var view = new Contracts.ProfitSharing.SplitReturnResult
        {
            PrepayOrderId = Wire.Id(r.PrepayId),
            SplitOrderNo = Wire.Id(r.SplitId),
            OriginMerchantRequestId = r.MerchantRequestId,
            MerchantReturnNo = r.MerchantReturnNo,
            TransferOutAccount = r.TransferOutAccount,
            ReturnAmount = Amounts.FromUnits(r.AmountUnits),
            ReturnOrderNo = Wire.Id(r.ReturnId),
            Status = SplitLifecycle.ParseLine(r.Status).WireCode(),
            FailReason = r.FailReason,
            FinishTime = r.FinishedAtMs / 1000,
        };
        return result.Value.Replay ? BinanceEnvelope.Repeat(view) : BinanceEnvelope.Ok(view);
    }

    private static SplitResult View(SplitView view) => new()
    {
        SplitOrderNo = Wire.Id(view.Split.SplitId),
        MerchantRequestId = view.Split.MerchantRequestId,
        PrepayOrderId = Wire.Id(view.Split.PrepayId),
        Status = SplitLifecycle.ParseSplit(view.Split.Status).WireCode(),
        ReceiverOrderDetails = [.. view.Lines.Select(l => new SplitDetailResult
        {
            Account = l.Account,
            Amount = Amounts.FromUnits(l.AmountUnits),
            FailReason = l.FailReason ?? "",
            DetailId = Wire.Id(l.DetailId),
            Status = SplitLifecycle.ParseLine(l.Status).WireCode(),
            FinishTime = l.FinishedAtMs / 1000,
        })],
    };
}

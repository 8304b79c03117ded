using System.Globalization;
using System.Text;
using System.Text.Json;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Payouts;
using Citrine.Server.Tests.Otc;
using Citrine.Testing;

namespace Citrine.Server.Tests.Isolation;

/// <summary>
/// The BOLA matrix (issue 12): every id-taking field of every merchant endpoint and signed sandbox endpoint, sent by
/// merchant A with merchant B's id, is answered exactly as the same field with an id that never existed (HTTP status,
/// code, and message with the id masked), and nothing of B's changes. B's ids name live, actionable records (an open
/// order a pay or close would move, a paid order a refund would take from, a signed contract a debit would charge, a
/// funded buyer, …), so a leak would show in B's data, not only in an answer. The fields come from
/// <see cref="EndpointRegistry"/>: a new endpoint or field whose name looks like an id (…Id, …No, …Code) fails
/// <see cref="Every_id_field_of_every_endpoint_has_a_row_or_a_reason"/> until it gets a row in <see cref="Rows"/> or a
/// reason in <see cref="NotForeignIds"/>. A new kind of id (payouts, quotes) is one entry in <see cref="Victim"/>'s
/// map and one row per field.
/// </summary>
public abstract class BolaMatrixTests(ServerFixture fixture)
{
    private const string Refund = "/binancepay/openapi/order/refund";

    private TestServer Server => fixture.Server;

    /// <summary>(path, field path) pairs that look like ids but are not a reference to another merchant's record.</summary>
    internal static readonly Dictionary<(string Path, string Field), string> NotForeignIds = new()
    {
        [("/binancepay/openapi/v2/order", "shipping.shippingAddress.zipCode")] = "an address",
        [("/binancepay/openapi/v3/order", "shipping.shippingAddress.zipCode")] = "an address",
        [("/binancepay/openapi/v2/order", "shipping.shippingPhoneNo")] = "a phone number",
        [("/binancepay/openapi/v3/order", "shipping.shippingPhoneNo")] = "a phone number",
        [("/binancepay/openapi/v2/order", "buyer.referenceBuyerId")] = "the merchant's own reference, stored as is",
        [("/binancepay/openapi/v3/order", "buyer.referenceBuyerId")] = "the merchant's own reference, stored as is",
        [("/binancepay/openapi/v2/order", "buyer.buyerPhoneCountryCode")] = "a phone number",
        [("/binancepay/openapi/v3/order", "buyer.buyerPhoneCountryCode")] = "a phone number",
        [("/binancepay/openapi/v2/order", "buyer.buyerPhoneNo")] = "a phone number",
        [("/binancepay/openapi/v3/order", "buyer.buyerPhoneNo")] = "a phone number",
        [("/binancepay/openapi/v2/order", "appId")] = "the merchant's app, stored as is",
        [("/binancepay/openapi/v3/order", "appId")] = "the merchant's app, stored as is",
        [("/binancepay/openapi/v2/order", "env.cookieId")] = "a browser cookie, stored as is",
        [("/binancepay/openapi/v3/order", "env.cookieId")] = "a browser cookie, stored as is",
        [("/binancepay/openapi/v2/order", "goods.referenceGoodsId")] = "the merchant's own reference",
        [("/binancepay/openapi/v3/order", "goodsDetails.referenceGoodsId")] = "the merchant's own reference",
        [("/binancepay/openapi/direct-debit/contract", "scenarioCode")] = "an enum",
        [("/binancepay/openapi/direct-debit/contract", "merchantAccountNo")] = "the merchant's own reference",
        [("/binancepay/openapi/pay/apply", "preBizId")] = "read and ignored (PaymentEndpoints)",
        [("/binancepay/openapi/payout/receiver/check", "receiverId")] =
            "a receiver's public identity; payouts (issue 9) are built separately: add their rows with them",
        [("/binancepay/openapi/payout/receiver/check", "registrationMobileCode")] = "a phone number",
        [("/binancepay/openapi/payout/receiver/check", "openUserId")] =
            "a receiver's public identity; payouts (issue 9) are built separately: add their rows with them",
        [("/sandbox/webhooks/events", "beforeEventId")] = "a cursor over the caller's own events",
        [("/sandbox/webhooks/poll", "afterEventId")] = "a cursor over the caller's own events",
        [("/sandbox/buyers", "binanceId")] = "an identity chosen for a new buyer (unique server-wide)",
        [("/sandbox/buyers", "payId")] = "an identity chosen for a new buyer (unique server-wide)",
        [("/sandbox/buyers", "mobileCode")] = "a phone number",
        [("/sandbox/requests/list", "beforeId")] = "a cursor over the caller's own journal entries",
        [("/sandbox/requests/list", "afterId")] = "a cursor over the caller's own journal entries",
        [("/binancepay/openapi/payout/transfer", "transferDetailList.merchantSendId")] =
            "the merchant's own line reference, unique within its batch",
        [("/binancepay/openapi/payout/transfer", "transferDetailList.registrationMobileCode")] = "a phone number",
        [("/binancepay/openapi/payout/transfer", "subMerchantId")] =
            "accepted and ignored: PayoutTests.The_old_revisions_merchantId_and_a_subMerchantId_are_accepted_and_ignored",
        [("/binancepay/openapi/payout/transfer", "merchantId")] =
            "accepted and ignored: PayoutTests.The_old_revisions_merchantId_and_a_subMerchantId_are_accepted_and_ignored",
        [("/sandbox/payouts/freeze-receiver", "buyerId")] =
            "PayoutTests.The_sandbox_verbs_refuse_buyers_the_merchant_may_not_use",
        [("/sandbox/payouts/receive", "buyerId")] = "PayoutTests.The_sandbox_verbs_refuse_buyers_the_merchant_may_not_use",
        [("/sandbox/payouts/receive", "merchantId")] = "read only for the administrator (SandboxPayoutEndpoints)",
        [("/sandbox/payouts/receive", "merchantSendId")] = "a line of the caller's own batch",
        [("/sandbox/requests/list", "merchantId")] =
            "read only for the administrator: RequestJournalTests.A_merchant_sees_only_its_own_requests_and_the_admin_names_the_merchant",
        [("/sandbox/faults/arm", "merchantId")] =
            "read only for the administrator: RequestFaultTests.One_merchants_faults_never_touch_another_merchants_requests",
        [("/sandbox/faults/list", "merchantId")] = "read only for the administrator (FaultEndpoints)",
        [("/sandbox/faults/clear", "merchantId")] = "read only for the administrator (FaultEndpoints)",
        [("/binancepay/openapi/submerchant/add", "subPayMccCode")] = "a merchant category code of Binance's list",
        [("/binancepay/openapi/submerchant/modify", "subPayMccCode")] = "a merchant category code of Binance's list",
        [("/binancepay/openapi/v3/order", "qrCodeReferId")] =
            "MerchantQrTests.A_referId_is_single_use_and_only_its_merchants",
        [("/binancepay/openapi/shareinfo/accountId", "requestId")] =
            "names a request in the caller's own namespace: ShareAccountIdTests.Only_buyers_the_merchant_may_use_approve_and_another_merchant_cannot_name_the_request",
        [("/sandbox/shareinfo/approve", "requestId")] =
            "ShareAccountIdTests.Only_buyers_the_merchant_may_use_approve_and_another_merchant_cannot_name_the_request",
        [("/sandbox/shareinfo/approve", "buyerId")] =
            "ShareAccountIdTests.Only_buyers_the_merchant_may_use_approve_and_another_merchant_cannot_name_the_request",
        [("/binancepay/openapi/service/provider/create", "merchantId")] =
            "the merchant asked to authorise (any merchant, by design): TspTests",
        [("/binancepay/openapi/service/provider/record/get", "merchantId")] =
            "read among the caller's own authorisations: TspTests.A_provider_sees_only_its_own_authorisations",
        [("/binancepay/openapi/service/provider/record", "merchantId")] =
            "a filter over the caller's own authorisations: TspTests.A_provider_sees_only_its_own_authorisations",
    };

    /// <summary>
    /// One row: the field at <see cref="Field"/> of <see cref="Path"/> gets B's id of <see cref="Kind"/>, the rest of
    /// the body is A's valid request. <see cref="Accepts"/>: the field names a new record in the caller's own namespace
    /// (merchantTradeNo on create), so both answers succeed, on A's side.
    /// </summary>
    internal sealed record Row(string Path, string Field, string Kind, Func<Attacker, Task<Dictionary<string, object?>>> Body,
        bool Accepts = false);

    private static Func<Attacker, Task<Dictionary<string, object?>>> Just(
        Func<Attacker, Dictionary<string, object?>> body) => a => Task.FromResult(body(a));

    private static Dictionary<string, object?> Empty(Attacker _) => [];

    private static Dictionary<string, object?> Contract(string? code = null) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(ContractBodies.OneOff(code).ToJsonString())!;

    /// <summary>Every row. The reset row is last: it resets the attacker's own sandbox (merchantId is the admin's).</summary>
    internal static readonly Row[] Rows =
    [
        // Orders.
        new("/binancepay/openapi/order", "merchantId", "merchant", Just(a => Orders.V1(a.MerchantId))),
        new("/binancepay/openapi/order", "subMerchantId", "subMerchant:number", Just(a => Orders.V1(a.MerchantId))),
        new("/binancepay/openapi/order", "merchantTradeNo", "tradeNo:v1", Just(a => Orders.V1(a.MerchantId)), true),
        new("/binancepay/openapi/v2/order", "merchant.subMerchantId", "subMerchant", Just(_ => Orders.V2())),
        new("/binancepay/openapi/v2/order", "merchantTradeNo", "tradeNo:v2", Just(_ => Orders.V2()), true),
        new("/binancepay/openapi/v3/order", "merchant.subMerchantId", "subMerchant", Just(_ => Orders.V3())),
        new("/binancepay/openapi/v3/order", "merchantTradeNo", "tradeNo:v3", Just(_ => Orders.V3()), true),
        new("/binancepay/openapi/shareinfo/accountId", "subMerchantId", "subMerchant",
            Just(_ => new() { ["requestId"] = NewId() })),
        new("/binancepay/openapi/order/query", "prepayId", "order:paid", Just(Empty)),
        new("/binancepay/openapi/order/query", "merchantTradeNo", "tradeNo:paid", Just(Empty)),
        new("/binancepay/openapi/v2/order/query", "prepayId", "order:paid", Just(Empty)),
        new("/binancepay/openapi/v2/order/query", "merchantTradeNo", "tradeNo:paid", Just(Empty)),
        new("/binancepay/openapi/order/close", "prepayId", "order:initial", Just(Empty)),
        new("/binancepay/openapi/order/close", "merchantTradeNo", "tradeNo:initial", Just(Empty)),

        // Refunds.
        new(Refund, "prepayId", "order:paid", Just(_ => new() { ["refundRequestId"] = NewId(), ["refundAmount"] = 1m })),
        new(Refund, "refundRequestId", "refund:extra", Just(a => new()
        {
            ["prepayId"] = a.PaidPrepayId.ToString(CultureInfo.InvariantCulture), ["refundAmount"] = 0.01m,
        }), true),
        new("/binancepay/openapi/order/refund/query", "refundRequestId", "refund", Just(Empty)),
        new("/sandbox/refunds/reject-next", "prepayId", "order:paid:number", Just(Empty)),
        new("/sandbox/refunds/reject-next", "merchantId", "merchant", Just(a => new() { ["prepayId"] = a.PaidPrepayId }),
            true),

        // Sandbox payments.
        new("/sandbox/orders/pay", "prepayId", "order:initial", Just(a => new() { ["buyerId"] = a.BuyerId })),
        new("/sandbox/orders/pay", "merchantTradeNo", "tradeNo:initial", Just(a => new() { ["buyerId"] = a.BuyerId })),
        new("/sandbox/orders/pay", "buyerId", "buyer", async a => new()
        {
            ["prepayId"] = (await a.Client.CreateOrderAsync()).ToString(CultureInfo.InvariantCulture),
        }),
        new("/sandbox/orders/pay", "merchantId", "merchant", async a => new()
        {
            ["prepayId"] = (await a.Client.CreateOrderAsync()).ToString(CultureInfo.InvariantCulture),
            ["buyerId"] = a.BuyerId,
        }, true),
        new("/sandbox/orders/expire", "prepayId", "order:initial", Just(Empty)),
        new("/sandbox/orders/expire", "merchantTradeNo", "tradeNo:initial", Just(Empty)),
        new("/sandbox/orders/expire", "merchantId", "merchant", async a => new()
        {
            ["prepayId"] = (await a.Client.CreateOrderAsync()).ToString(CultureInfo.InvariantCulture),
        }, true),

        // Sub-merchants and direct debit.
        new("/binancepay/openapi/direct-debit/contract", "subMerchantId", "subMerchant", Just(_ => Contract())),
        new("/binancepay/openapi/direct-debit/contract", "merchantContractCode", "contractCode:extra",
            Just(_ => Contract()), true),
        new("/binancepay/openapi/direct-debit/contract/query", "contractId", "contractId:signed", Just(Empty)),
        new("/binancepay/openapi/direct-debit/contract/query", "merchantContractCode", "contractCode:signed",
            Just(Empty)),
        new("/binancepay/openapi/direct-debit/contract/termination", "contractId", "contractId:signed", Just(Empty)),
        new("/binancepay/openapi/direct-debit/contract/termination", "merchantContractCode", "contractCode:signed",
            Just(Empty)),
        new("/sandbox/direct-debit/contracts/sign", "preContractId", "preContractId:unsigned",
            Just(a => new() { ["buyerId"] = a.BuyerId })),
        new("/sandbox/direct-debit/contracts/sign", "merchantContractCode", "contractCode:unsigned",
            Just(a => new() { ["buyerId"] = a.BuyerId })),
        new("/sandbox/direct-debit/contracts/sign", "buyerId", "buyer", async a =>
        {
            var code = ContractBodies.NewCode();
            await a.Client.CreateContractAsync(ContractBodies.OneOff(code));
            return new() { ["merchantContractCode"] = code };
        }),
        new("/sandbox/direct-debit/contracts/terminate", "contractId", "contractId:signed", Just(Empty)),
        new("/sandbox/direct-debit/contracts/terminate", "merchantContractCode", "contractCode:signed", Just(Empty)),
        new("/binancepay/openapi/pay/notify", "bizId", "contractId:signed", Just(_ => Notify())),
        // pay/notify reads subMerchantId and ignores it (it creates nothing): both answers succeed, on A's contract.
        new("/binancepay/openapi/pay/notify", "subMerchantId", "subMerchant:number",
            Just(a => Notify(a.ContractId)), true),
        new("/binancepay/openapi/pay/notify", "merchantRequestId", "notifyRequest",
            Just(a => Notify(a.ContractId)), true),
        new("/binancepay/openapi/pay/apply", "bizId", "contractId:signed", Just(_ => Apply())),
        new("/binancepay/openapi/pay/apply", "subMerchantId", "subMerchant:number", Just(a => Apply(a.ContractId))),
        new("/binancepay/openapi/pay/apply", "merchantRequestId", "applyRequest", Just(a => Apply(a.ContractId)), true),

        // Wallets and buyers.
        new("/binancepay/openapi/wallet/transfer", "requestId", "transfer:extra", Just(_ => new()
        {
            ["currency"] = "USDT", ["amount"] = "0.01", ["transferType"] = "TO_MAIN",
        }), true),
        new("/binancepay/openapi/wallet/transfer/query", "tranId", "transfer", Just(Empty)),
        new("/sandbox/wallet/fund", "merchantId", "merchant",
            Just(_ => new() { ["wallet"] = "FUNDING_WALLET", ["currency"] = "USDT", ["amount"] = "1" }), true),
        new("/sandbox/wallet/drain", "merchantId", "merchant",
            Just(_ => new() { ["wallet"] = "FUNDING_WALLET", ["currency"] = "USDT", ["amount"] = "0.01" }), true),
        new("/sandbox/buyers/fund", "buyerId", "buyer", Just(_ => new()
        {
            ["funds"] = new Dictionary<string, object?> { ["USDT"] = "1" },
        })),
        new("/sandbox/buyers/kyc", "buyerId", "buyer", Just(_ => new() { ["firstName"] = "Eve" })),

        // Sub-merchant modify and payer verification: B's sub-merchant, B's buyer (by Binance ID and Pay ID) and B's
        // paid order.
        new("/binancepay/openapi/submerchant/modify", "subMerchantId", "subMerchant", Just(_ => new()
        {
            ["merchantName"] = "Bola " + NewId()[..8], ["storeType"] = 1, ["merchantMcc"] = "1040",
            ["address"] = "1 Road",
        })),
        new(PayerVerification, "binanceId", "buyer:binanceId", Just(_ => new() { ["payerType"] = "INDIVIDUAL" })),
        new(PayerVerification, "accountId", "buyer:payId", Just(_ => new() { ["payerType"] = "INDIVIDUAL" })),
        new(PayerVerification, "prepayId", "order:paid",
            Just(a => new() { ["binanceId"] = a.ReceiverAccount, ["payerType"] = "INDIVIDUAL" })),
        new(PayerVerification, "merchantTradeNo", "tradeNo:paid",
            Just(a => new() { ["binanceId"] = a.ReceiverAccount, ["payerType"] = "INDIVIDUAL" })),

        // Payouts: B's batches await receipt (an e-mail nobody has), so a receive with B's requestId would pay out.
        new("/binancepay/openapi/payout/transfer", "requestId", "payout:extra",
            Just(_ => PayoutKit.Batch("placeholder", PayoutKit.Line("x1", "EMAIL", "nobody.bola@example.com", "0.01"))),
            true),
        new(PayoutKit.QueryPath, "requestId", "payout", Just(Empty)),
        new("/sandbox/payouts/receive", "requestId", "payout",
            Just(a => new() { ["merchantSendId"] = "m1", ["buyerId"] = a.BuyerId })),
        // Convert: B's open quote (executing it would move B's wallet) and B's trade order.
        new("/binancepay/openapi/otc-portal/execute-quote", "quoteId", "convertQuote", Just(Empty)),
        new("/binancepay/openapi/otc-portal/query-trade-order", "orderId", "convertOrder", Just(Empty)),

        // Webhook events and the clock.
        new("/sandbox/webhooks/event", "eventId", "event", Just(Empty)),
        new("/sandbox/webhooks/redeliver", "eventId", "event", Just(Empty)),
        new("/sandbox/clock", "merchantId", "merchant", Just(Empty), true),
        new("/sandbox/clock/advance", "merchantId", "merchant", Just(_ => new() { ["advanceMs"] = 1 }), true),

        // Profit sharing: B's tagged paid order, its split (by merchantRequestId and splitOrderNo) and its return.
        new(SubmitSplit, "prepayOrderId", "order:split", Just(a => SplitBody(a))),
        new(SubmitSplit, "merchantRequestId", "split:request:extra", Just(a => SplitBody(a)), true),
        new(QuerySplit, "merchantRequestId", "split:request",
            Just(a => new() { ["prepayOrderId"] = Text(a.SplitPrepayId) })),
        new(QuerySplit, "prepayOrderId", "order:split", Just(a => new() { ["merchantRequestId"] = a.SplitRequestId })),
        new(SplitReturn, "prepayOrderId", "order:split", Just(a => ReturnBody(a, byRequest: true))),
        new(SplitReturn, "splitOrderNo", "split:no", Just(a => ReturnBody(a, byRequest: false))),
        new(SplitReturn, "originMerchantRequestId", "split:request", Just(a => ReturnBody(a, byRequest: false))),
        new(SplitReturn, "merchantReturnNo", "splitReturn", Just(a => ReturnBody(a, byRequest: true)), true),
        new("/sandbox/reset", "merchantId", "merchant", Just(Empty), true),

        // Reports: an id that is not the caller's answers success with exist: false, like Binance's own field
        // (ReportTests.Another_merchants_download_id_reads_as_unknown_and_its_file_cannot_be_reached compares the data).
        new("/binancepay/openapi/balance-report/query", "downloadId", "balanceReport", Just(Empty), true),
    ];

    private const string SubmitSplit = "/binancepay/openapi/profitsharing/v1/submit-split";
    private const string PayerVerification = "/binancepay/openapi/order/payer/verification";
    private const string QuerySplit = "/binancepay/openapi/profitsharing/v1/query-split";
    private const string SplitReturn = "/binancepay/openapi/profitsharing/v1/return";

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> SplitBody(Attacker a) => new()
    {
        ["merchantRequestId"] = NewId(),
        ["prepayOrderId"] = Text(a.SplitPrepayId),
        ["receiverList"] = new[]
        {
            new Dictionary<string, object?> { ["account"] = a.ReceiverAccount, ["amount"] = 0.01m, ["description"] = "d" },
        },
    };

    private static Dictionary<string, object?> ReturnBody(Attacker a, bool byRequest)
    {
        var body = new Dictionary<string, object?>
        {
            ["prepayOrderId"] = Text(a.SplitPrepayId),
            ["merchantReturnNo"] = NewId(),
            ["transferOutAccount"] = a.ReceiverAccount,
            ["returnAmount"] = 0.01m,
        };
        if (byRequest)
        {
            body["originMerchantRequestId"] = a.SplitRequestId;
        }

        return body;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Dictionary<string, object?> Notify(long? contractId = null) => new()
    {
        ["merchantRequestId"] = NewId(),
        ["tradeMode"] = "DIRECT_DEBIT",
        ["bizId"] = contractId,
        ["estimatedAmount"] = 1m,
        ["currency"] = "USDT",
    };

    private static Dictionary<string, object?> Apply(long? contractId = null) => new()
    {
        ["merchantRequestId"] = NewId(),
        ["tradeMode"] = "DIRECT_DEBIT",
        ["bizId"] = contractId,
        ["amount"] = 1m,
        ["currency"] = "USDT",
        ["productName"] = "Plan",
    };

    /// <summary>The attacking merchant's own records, for the valid rest of each body.</summary>
    internal sealed record Attacker(SignedHttp Client, long MerchantId, long BuyerId, long PaidPrepayId, long ContractId,
        long SplitPrepayId = 0, string SplitRequestId = "", string ReceiverAccount = "");

    /// <summary>The victim's ids by kind, and an id of the same form that never existed.</summary>
    private sealed record Victim(long MerchantId, Dictionary<string, (object Foreign, object Unknown)> Ids);

    private static long Other(long id) => id ^ 1; // Same digits, another (never issued) value.

    private static (object, object) Pair(long id, bool asText) => asText
        ? (id.ToString(CultureInfo.InvariantCulture), Other(id).ToString(CultureInfo.InvariantCulture))
        : (id, Other(id));

    private static (object, object) Pair(string id) => (id, "u" + Guid.NewGuid().ToString("N")[..(id.Length - 1)]);

    private async Task<long> PaidOrderAsync(SignedHttp client, long buyerId, string? tradeNo = null)
    {
        var prepayId = await client.CreateOrderAsync(Orders.V2(tradeNo, amount: 10m));
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        return prepayId;
    }

    private static async Task<long> SignedContractAsync(SignedHttp client, long buyerId)
    {
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        return (await client.SignAsync(code, buyerId)).GetProperty("contractId").GetInt64();
    }

    private static async Task OkAsync(SignedHttp client, string path, object body)
    {
        var answer = await client.PostAsync(path, body);
        answer.Code.ShouldBe("000000", $"{path}: {answer}");
    }

    private async Task<Victim> VictimAsync()
    {
        var b = await Server.NewDirectDebitMerchantAsync();
        var buyerId = await b.NewBuyerAsync("Victim");
        await OkAsync(b, "/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "1000" } });
        var initialTradeNo = Orders.NewTradeNo();
        var initial = await b.CreateOrderAsync(Orders.V2(initialTradeNo));
        var paidTradeNo = Orders.NewTradeNo();
        var paid = await PaidOrderAsync(b, buyerId, paidTradeNo);
        var refundId = NewId();
        await OkAsync(b, Refund, new Dictionary<string, object?>
        {
            ["refundRequestId"] = refundId,
            ["prepayId"] = paid.ToString(CultureInfo.InvariantCulture),
            ["refundAmount"] = 1m,
        });
        var sub = await b.PostAsync("/binancepay/openapi/submerchant/add",
            new
            {
                merchantName = "Victim Stand",
                storeType = 1,
                merchantType = 1,
                merchantMcc = "1040",
                country = "US",
                address = "1 Victim Road",
            });
        sub.Code.ShouldBe("000000", sub.ToString());
        var subMerchantId = long.Parse(sub.Data.GetProperty("subMerchantId").ToString(), CultureInfo.InvariantCulture);
        var signedCode = ContractBodies.NewCode();
        await b.CreateContractAsync(ContractBodies.OneOff(signedCode));
        var contractId = (await b.SignAsync(signedCode, buyerId)).GetProperty("contractId").GetInt64();
        var unsignedCode = ContractBodies.NewCode();
        var unsigned = await b.CreateContractAsync(ContractBodies.OneOff(unsignedCode));
        var preContractId = long.Parse(unsigned.GetProperty("preContractId").ToString(), CultureInfo.InvariantCulture);
        var extraTradeNos = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            extraTradeNos.Add(Orders.NewTradeNo());
            await b.CreateOrderAsync(Orders.V2(extraTradeNos[^1]));
        }

        var extraRefundId = NewId();
        await OkAsync(b, Refund, new Dictionary<string, object?>
        {
            ["refundRequestId"] = extraRefundId,
            ["prepayId"] = paid.ToString(CultureInfo.InvariantCulture),
            ["refundAmount"] = 1m,
        });
        var extraCode = ContractBodies.NewCode();
        await b.CreateContractAsync(ContractBodies.OneOff(extraCode));
        var notifyId = NewId();
        var notify = Notify(contractId);
        notify["merchantRequestId"] = notifyId;
        await OkAsync(b, "/binancepay/openapi/pay/notify", notify);
        var apply = Apply(contractId);
        var applyId = (string)apply["merchantRequestId"]!;
        await OkAsync(b, "/binancepay/openapi/pay/apply", apply);
        await OkAsync(b, "/sandbox/wallet/fund", new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "10" });
        var transferId = NewId();
        var extraTransferId = NewId();
        foreach (var requestId in new[] { transferId, extraTransferId })
        {
            await OkAsync(b, "/binancepay/openapi/wallet/transfer",
                new { requestId, currency = "USDT", amount = "1", transferType = "TO_MAIN" });
        }
        // Short enough for the batch name "batch " + requestId (32 characters at most).
        var payoutId = NewId()[..20];
        var extraPayoutId = NewId()[..20];
        foreach (var requestId in new[] { payoutId, extraPayoutId })
        {
            await OkAsync(b, PayoutKit.TransferPath,
                PayoutKit.Batch(requestId, PayoutKit.Line("m1", "EMAIL", "victim.invitee@example.com", "1")));
        }

        await Server.SetConvertAsync(b.Merchant.MerchantId, true);
        await OkAsync(b, "/sandbox/wallet/fund", new { wallet = "SPOT_WALLET", currency = "USDT", amount = "100" });
        var executedQuote = (await b.QuoteAsync("SPOT_WALLET", "USDT", "BNB", 25)).GetProperty("quoteId").GetString()!;
        var convertOrder = (await b.ExecuteAsync(executedQuote)).Data.GetProperty("orderId").GetString()!;
        var openQuote = (await b.QuoteAsync("SPOT_WALLET", "USDT", "BNB", 25)).GetProperty("quoteId").GetString()!;
        var downloadId = Reports.ReportKit.TaskId(await b.PostAsync(Reports.ReportKit.BalancePath,
            new { reportType = "Balance", startDate = "2024-01-01", endDate = "2024-01-31" }));
        (await Reports.ReportKit.FinalAsync(b, downloadId)).GetProperty("status").GetString().ShouldBe("SUCCESS");
        var (splitPrepayId, splitRequestId, splitOrderNo, _) = await SplitAsync(b, buyerId);
        var extraSplitRequestId = NewId();
        await OkAsync(b, SubmitSplit, new Dictionary<string, object?>
        {
            ["merchantRequestId"] = extraSplitRequestId,
            ["prepayOrderId"] = Text(splitPrepayId),
            ["receiverList"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["account"] = await BinanceIdAsync(buyerId), ["amount"] = 1m, ["description"] = "d",
                },
            },
        });
        for (var i = 0; i < 600 && await Server.Database.CountAsync(
                 "SELECT COUNT(*) FROM split_lines WHERE merchant_id = @m AND status = 'PROCESSING'",
                 ("@m", b.Merchant.MerchantId)) > 0; i++)
        {
            await Task.Delay(50); // its rows no longer change on their own once the processor has paid it
        }

        var splitReturnNo = NewId();
        await OkAsync(b, SplitReturn, new Dictionary<string, object?>
        {
            ["prepayOrderId"] = Text(splitPrepayId),
            ["originMerchantRequestId"] = splitRequestId,
            ["merchantReturnNo"] = splitReturnNo,
            ["transferOutAccount"] = await BinanceIdAsync(buyerId),
            ["returnAmount"] = 0.5m,
        });
        var eventId = (await Server.QueryDbAsync("SELECT MAX(event_id) FROM webhook_outbox WHERE merchant_id = @m",
            r => r.GetInt64(0), ("@m", b.Merchant.MerchantId))).Single();
        return new Victim(b.Merchant.MerchantId, new()
        {
            ["merchant"] = Pair(b.Merchant.MerchantId, false),
            ["order:initial"] = Pair(initial, true),
            ["order:paid"] = Pair(paid, true),
            ["order:paid:number"] = Pair(paid, false),
            ["tradeNo:initial"] = Pair(initialTradeNo),
            ["tradeNo:paid"] = Pair(paidTradeNo),
            ["tradeNo:v1"] = Pair(extraTradeNos[0]),
            ["tradeNo:v2"] = Pair(extraTradeNos[1]),
            ["tradeNo:v3"] = Pair(extraTradeNos[2]),
            ["refund:extra"] = Pair(extraRefundId),
            ["contractCode:extra"] = Pair(extraCode),
            ["transfer:extra"] = Pair(extraTransferId),
            ["refund"] = Pair(refundId),
            ["subMerchant"] = Pair(subMerchantId, true),
            ["subMerchant:number"] = Pair(subMerchantId, false),
            ["contractCode:signed"] = Pair(signedCode),
            ["contractId:signed"] = Pair(contractId, false),
            ["contractCode:unsigned"] = Pair(unsignedCode),
            ["preContractId:unsigned"] = Pair(preContractId, true),
            ["buyer"] = Pair(buyerId, false),
            ["buyer:binanceId"] = Pair(long.Parse(await BinanceIdAsync(buyerId), CultureInfo.InvariantCulture), true),
            ["buyer:payId"] = Pair((await Server.AdminGetAsync($"/admin/buyers/{buyerId}")).Data.GetProperty("payId")
                .GetInt64(), true),
            ["notifyRequest"] = Pair(notifyId),
            ["applyRequest"] = Pair(applyId),
            ["transfer"] = Pair(transferId),
            ["payout"] = Pair(payoutId),
            ["payout:extra"] = Pair(extraPayoutId),
            ["convertQuote"] = Pair(openQuote),
            ["convertOrder"] = Pair(long.Parse(convertOrder, CultureInfo.InvariantCulture), true),
            ["event"] = (eventId, eventId + 1_000_000_000),
            ["balanceReport"] = Pair(long.Parse(downloadId, CultureInfo.InvariantCulture), true),
            ["order:split"] = Pair(splitPrepayId, true),
            ["split:request"] = Pair(splitRequestId),
            ["split:request:extra"] = Pair(extraSplitRequestId),
            ["split:no"] = Pair(splitOrderNo, true),
            ["splitReturn"] = Pair(splitReturnNo),
        });
    }

    private async Task<Attacker> AttackerAsync()
    {
        var a = await Server.NewDirectDebitMerchantAsync();
        var buyerId = await a.NewBuyerAsync("Attacker");
        await OkAsync(a, "/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "1000" } });
        var paid = await PaidOrderAsync(a, buyerId);
        var contractId = await SignedContractAsync(a, buyerId);
        await Server.SetConvertAsync(a.Merchant.MerchantId, true);
        await OkAsync(a, "/sandbox/wallet/fund", new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "100" });
        var (splitPrepayId, splitRequestId, _, account) = await SplitAsync(a, buyerId);
        return new Attacker(a, a.Merchant.MerchantId, buyerId, paid, contractId, splitPrepayId, splitRequestId, account);
    }

    private async Task<string> BinanceIdAsync(long buyerId) =>
        Text((await Server.AdminGetAsync($"/admin/buyers/{buyerId}")).Data.GetProperty("binanceId").GetInt64());

    /// <summary>The merchant's buyer registered as a receiver, a tagged order paid by it and a finished split of 1
    /// USDT of it to the buyer: (prepayId, merchantRequestId, splitOrderNo, the buyer's Binance ID).</summary>
    private async Task<(long, string, long, string)> SplitAsync(SignedHttp client, long buyerId)
    {
        var account = await BinanceIdAsync(buyerId);
        await OkAsync(client, "/binancepay/openapi/profitsharing/v1/add-receiver", new { account });
        var order = Orders.V2(amount: 10m);
        order["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
        var prepayId = await client.CreateOrderAsync(order);
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        var requestId = NewId();
        var split = await client.PostAsync(SubmitSplit, new Dictionary<string, object?>
        {
            ["merchantRequestId"] = requestId,
            ["prepayOrderId"] = Text(prepayId),
            ["receiverList"] = new[]
            {
                new Dictionary<string, object?> { ["account"] = account, ["amount"] = 1m, ["description"] = "d" },
            },
        });
        split.Code.ShouldBe("000000", split.ToString());
        for (var i = 0; i < 600; i++)
        {
            var query = await client.PostAsync(QuerySplit, new { merchantRequestId = requestId, prepayOrderId = Text(prepayId) });
            if (query.Data.GetProperty("status").GetInt32() == 2)
            {
                break;
            }

            await Task.Delay(50);
        }

        return (prepayId, requestId, long.Parse(split.Data.GetProperty("splitOrderNo").GetString()!,
            CultureInfo.InvariantCulture), account);
    }

    /// <summary>Every row of the victim's records, as text: what no request of another merchant may change.</summary>
    private async Task<string> SnapshotAsync(long merchantId, long buyerId)
    {
        var text = new StringBuilder();
        string[] queries =
        [
            "SELECT * FROM orders WHERE merchant_id = @m ORDER BY prepay_id",
            "SELECT * FROM refunds WHERE merchant_id = @m ORDER BY refund_id",
            "SELECT * FROM direct_debit_contracts WHERE merchant_id = @m ORDER BY pre_contract_id",
            "SELECT * FROM direct_debit_payments WHERE merchant_id = @m ORDER BY merchant_request_id",
            "SELECT * FROM direct_debit_notifications WHERE merchant_id = @m ORDER BY merchant_request_id",
            "SELECT * FROM sub_merchants WHERE merchant_id = @m ORDER BY sub_merchant_id",
            "SELECT * FROM wallet_transfers WHERE merchant_id = @m ORDER BY request_id",
            "SELECT * FROM payout_batches WHERE merchant_id = @m ORDER BY batch_id",
            "SELECT * FROM payout_lines WHERE merchant_id = @m ORDER BY line_id",
            "SELECT * FROM convert_quotes WHERE merchant_id = @m ORDER BY quote_id",
            "SELECT * FROM convert_trades WHERE merchant_id = @m ORDER BY order_id",
            "SELECT * FROM webhook_outbox WHERE merchant_id = @m ORDER BY event_id",
            "SELECT * FROM sandbox_merchant_clock WHERE merchant_id = @m",
            "SELECT * FROM buyers WHERE owner_merchant_id = @m ORDER BY buyer_id",
            "SELECT * FROM merchants WHERE merchant_id = @m",
            "SELECT * FROM split_receivers WHERE merchant_id = @m ORDER BY account",
            "SELECT * FROM split_orders WHERE merchant_id = @m ORDER BY split_id",
            "SELECT * FROM split_lines WHERE merchant_id = @m ORDER BY detail_id",
            "SELECT * FROM split_returns WHERE merchant_id = @m ORDER BY return_id",
            "SELECT * FROM balances WHERE account LIKE @a OR account = @b ORDER BY account, asset",
            "SELECT * FROM balance_reports WHERE merchant_id = @m ORDER BY download_id",
        ];
        foreach (var sql in queries)
        {
            var rows = await Server.QueryDbAsync(sql, r => string.Join("|",
                    Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))),
                ("@m", merchantId), ("@a", $"merchant:{merchantId}%"), ("@b", $"buyer:{buyerId}"));
            text.AppendLine(sql).AppendJoin('\n', rows).AppendLine();
        }

        return text.ToString();
    }

    private static void Set(Dictionary<string, object?> body, string path, object value)
    {
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1])
        {
            if (target.GetValueOrDefault(part) is not Dictionary<string, object?> inner)
            {
                inner = [];
                target[part] = inner;
            }

            target = inner;
        }

        target[parts[^1]] = value;
    }

    private static string Masked(Answer answer, object id) =>
        $"{(int)answer.HttpStatus} {answer.Code} " +
        (answer.ErrorMessage ?? "").Replace(Convert.ToString(id, CultureInfo.InvariantCulture)!, "{id}",
            StringComparison.Ordinal);

    [Fact]
    public async Task Another_merchants_id_in_any_field_is_answered_as_an_unknown_id_and_changes_nothing_of_theirs()
    {
        var victim = await VictimAsync();
        var attacker = await AttackerAsync();
        var victimBuyer = (long)victim.Ids["buyer"].Foreign;

        // B's payout lines leave PROCESSING for AWAITING_RECEIPT, where they stay (the receipt window is days long).
        for (var i = 0; i < 200 && await Server.Database.CountAsync(
                 "SELECT COUNT(*) FROM payout_lines WHERE merchant_id = @m AND status = 'PROCESSING'",
                 ("@m", victim.MerchantId)) > 0; i++)
        {
            await Task.Delay(50);
        }

        // The victim has no webhook URL: its events end NO_DESTINATION, so its rows no longer change on their own.
        for (var i = 0; i < 200 && await Server.Database.CountAsync(
                 "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND state = 'PENDING'",
                 ("@m", victim.MerchantId)) > 0; i++)
        {
            await Task.Delay(50);
        }

        var before = await SnapshotAsync(victim.MerchantId, victimBuyer);
        var mismatches = new List<string>();
        foreach (var row in Rows)
        {
            var (foreign, unknown) = victim.Ids[row.Kind];
            if (foreign is string text && !long.TryParse(text, CultureInfo.InvariantCulture, out _))
            {
                // A fresh one per row: an accepting row creates its unknown id on A's side.
                unknown = Pair(text).Item2;
            }

            var foreignBody = await row.Body(attacker);
            Set(foreignBody, row.Field, foreign);
            var foreignAnswer = await attacker.Client.PostAsync(row.Path, foreignBody);
            var unknownBody = await row.Body(attacker);
            Set(unknownBody, row.Field, unknown);
            var unknownAnswer = await attacker.Client.PostAsync(row.Path, unknownBody);

            var (seen, expected) = (Masked(foreignAnswer, foreign), Masked(unknownAnswer, unknown));
            if (seen != expected)
            {
                mismatches.Add($"{row.Path} {row.Field} ({row.Kind}): B's id → {seen}; unknown id → {expected}");
            }

            // A row that no request can pass or refuse proves nothing: lookups must be refused, new ids accepted.
            if ((unknownAnswer.Code == "000000") != row.Accepts)
            {
                mismatches.Add($"{row.Path} {row.Field}: expected {(row.Accepts ? "success" : "a refusal")} " +
                    $"for an unknown id, got {unknownAnswer}");
            }
        }

        mismatches.ShouldBeEmpty();
        (await SnapshotAsync(victim.MerchantId, victimBuyer)).ShouldBe(before);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public void Every_id_field_of_every_endpoint_has_a_row_or_a_reason()
    {
        var registry = new EndpointRegistry(sandbox: true);
        var declared = registry.Merchant.Concat(registry.Sandbox)
            .SelectMany(d => Walk(d.Request, "").Select(field => (d.Path, Field: field)))
            .Where(p => IdLike(p.Field))
            .ToHashSet();
        var covered = Rows.Select(r => (r.Path, r.Field)).Concat(NotForeignIds.Keys).ToHashSet();

        declared.Except(covered).Select(p => $"{p.Path} {p.Field}").ShouldBeEmpty(
            "an id-taking field without a BOLA row: add a Row (or a reason in NotForeignIds)");
        covered.Except(declared).Select(p => $"{p.Path} {p.Field}").ShouldBeEmpty(
            "a row for a field no endpoint declares");
    }

    private static bool IdLike(string fieldPath)
    {
        var name = fieldPath.Split('.')[^1];
        return name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("No", StringComparison.Ordinal)
            || name.EndsWith("Code", StringComparison.Ordinal);
    }

    private static IEnumerable<string> Walk(Shape shape, string prefix) =>
        shape.Fields().SelectMany(f => new[] { prefix + f.Name }.Concat(
            f.Children is { } children ? Walk(children, prefix + f.Name + ".") : []));
}

public sealed class SqliteBolaMatrixTests(SqliteServer fixture) : BolaMatrixTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresBolaMatrixTests(PostgresServer fixture)
    : BolaMatrixTests(fixture), IClassFixture<PostgresServer>;

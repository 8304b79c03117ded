using System.Text;
using Citrine.Contracts.Webhooks;

namespace Citrine.Client.Tests.Webhooks;

/// <summary>Parsing of the webhook shapes of docs/api-reference.md#order-notification to #other-webhook-types and
/// #quirks.</summary>
public sealed class WebhookEventParsingTests
{
    private static WebhookEvent Parse(string body) => WebhookEvent.Parse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_real_looking_PAY_event_with_an_18_digit_bizId_and_numeric_commission_parses()
    {
        var webhook = Parse("""{"bizType":"PAY","data":"{\"merchantTradeNo\":\"91f56e5d2b124c94a77e448ac886fc12\",\"productType\":\"Food\",\"productName\":\"Ice Cream\",\"tradeType\":\"WEB\",\"totalFee\":0.50000000,\"currency\":\"BUSD\",\"transactTime\":1624612653893,\"openUserId\":\"8656d908d8b19648d714ef9e49de070a\",\"commission\":0,\"transactionId\":\"M_R_100450379917516801\"}","bizId":100450325614108672,"bizStatus":"PAY_SUCCESS"}""");

        webhook.BizId.ShouldBe("100450325614108672");
        webhook.Pay!.TotalFee.ShouldBe(0.5m);
        webhook.Pay.Commission.ShouldBe(0m);
    }

    [Fact]
    public void An_id_above_2_pow_53_keeps_every_digit()
    {
        var webhook = Parse("""{"bizType":"PAY","data":"{\"merchantTradeNo\":\"a\",\"currency\":\"USDT\",\"totalFee\":1,\"transactTime\":1}","bizId":9007199254740993,"bizIdStr":"9007199254740993","bizStatus":"PAY_CLOSED"}""");

        webhook.BizId.ShouldBe("9007199254740993");
        webhook.BizIdStr.ShouldBe("9007199254740993");
        webhook.BizStatus.ShouldBe(WebhookNames.PayClosed);
    }

    [Fact]
    public void A_refund_event_reads_refundInfo_as_a_nested_object_with_string_amounts()
    {
        var webhook = Parse("""{"bizType":"PAY_REFUND","data":"{\"merchantTradeNo\":\"6177e6ae81ce6f001b4a6233\",\"totalFee\":0.01,\"transactTime\":1635248421335,\"refundInfo\":{\"orderAmount\":\"0.01000000\",\"duplicateRequest\":\"N\",\"payerOpenId\":\"9aa0a8bb21cf5fbf049aad7db35dc3d3\",\"prepayId\":\"123289163323899904\",\"refundRequestId\":\"68711039982968853\",\"refundedAmount\":\"0.01000000\",\"remainingAttempts\":9,\"refundAmount\":\"0.01000000\"},\"currency\":\"BUSD\",\"commission\":0,\"openUserId\":\"b5ec36baaa5ab9a5cfb1c29c2057bd81\",\"productType\":\"LIVE_STREAM\",\"productName\":\"LIVE_STREAM\",\"tradeType\":\"APP\"}","bizId":123289163323899904,"bizStatus":"REFUND_SUCCESS"}""");

        webhook.Pay.ShouldBeNull();
        webhook.Refund.ShouldNotBeNull();
        webhook.Refund.RefundInfo!.RefundRequestId.ShouldBe("68711039982968853");
        webhook.Refund.RefundInfo.PrepayId.ShouldBe("123289163323899904");
        webhook.Refund.RefundInfo.RefundAmount.ShouldBe(0.01m);
        webhook.Refund.RefundInfo.RemainingAttempts.ShouldBe(9);
        webhook.Refund.RefundInfo.DuplicateRequest.ShouldBe("N");
    }

    [Fact]
    public void A_refund_event_also_reads_refundInfo_given_as_a_string_as_the_doc_table_types_it()
    {
        var webhook = Parse("""{"bizType":"PAY_REFUND","data":"{\"merchantTradeNo\":\"m1\",\"totalFee\":\"1.5\",\"currency\":\"USDT\",\"refundInfo\":\"{\\\"refundRequestId\\\":\\\"r1\\\",\\\"prepayId\\\":123289163323899904,\\\"orderAmount\\\":\\\"1.5\\\",\\\"refundedAmount\\\":\\\"1.5\\\",\\\"refundAmount\\\":\\\"1.5\\\",\\\"remainingAttempts\\\":\\\"0\\\"}\"}","bizId":123289163323899904,"bizStatus":"REFUND_REJECTED"}""");

        webhook.Refund!.TotalFee.ShouldBe(1.5m);
        webhook.Refund.RefundInfo!.RefundRequestId.ShouldBe("r1");
        webhook.Refund.RefundInfo.PrepayId.ShouldBe("123289163323899904");
        webhook.Refund.RefundInfo.RemainingAttempts.ShouldBe(0);
        webhook.BizStatus.ShouldBe(WebhookNames.RefundRejected);
    }

    [Fact]
    public void A_contract_event_reads_a_quoted_contractId()
    {
        var webhook = Parse("""{"bizType":"DIRECT_DEBIT_CT","data":"{\"merchantContractCode\":\"c0ecfb465e454560a5d8e307bbc407c5\",\"contractId\":\"205611460060250112\",\"serviceName\":\"Gym\",\"singleUpperLimit\":\"20.5\",\"currency\":\"USDT\",\"openUserId\":\"u1\"}","bizId":205611460060250112,"bizIdStr":"205611460060250112","bizStatus":"CONTRACT_SIGNED"}""");

        webhook.Contract!.ContractId.ShouldBe(205611460060250112);
        webhook.Contract.SingleUpperLimit.ShouldBe(20.5m);
        webhook.Contract.ContractTerminationWay.ShouldBeNull();
        webhook.BizStatus.ShouldBe(WebhookNames.ContractSigned);
    }

    [Fact]
    public void An_unknown_bizType_with_object_data_is_kept_raw()
    {
        var webhook = Parse("""{"bizType":"MERCHANT_QR_CODE","data":{"qrContent":"q","referId":"r1","qrCodeType":"STATIC"},"bizId":1,"bizStatus":"MERCHANT_QR_CODE_SCANED"}""");

        webhook.BizType.ShouldBe("MERCHANT_QR_CODE");
        webhook.BizStatus.ShouldBe("MERCHANT_QR_CODE_SCANED");
        webhook.Pay.ShouldBeNull();
        webhook.GetData<Dictionary<string, string>>()!["referId"].ShouldBe("r1");
    }

    [Fact]
    public void An_unknown_bizStatus_of_a_known_type_is_kept()
    {
        var webhook = Parse("""{"bizType":"PAY","data":"{\"merchantTradeNo\":\"a\",\"currency\":\"USDT\",\"totalFee\":1}","bizId":1,"bizStatus":"PAY_SOMETHING_NEW"}""");

        webhook.BizStatus.ShouldBe("PAY_SOMETHING_NEW");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("""{"bizType":"PAY","bizStatus":"PAY_SUCCESS","data":"{}"}""")]
    [InlineData("""{"bizType":"PAY","bizId":1,"bizStatus":"PAY_SUCCESS","data":"not json"}""")]
    public void Bodies_that_are_not_webhooks_throw_FormatException(string body) =>
        Should.Throw<FormatException>(() => Parse(body));

    [Fact]
    public void The_documented_PAYOUT_sample_with_a_20_digit_bizId_parses_into_the_batch()
    {
        var webhook = Parse("""{"bizType":"PAYOUT","data":"{\"batchStatus\":\"SUCCESS\",\"currency\":\"USDT\",\"merchantId\":100100006288,\"requestId\":\"gg8127129\",\"totalAmount\":2.00000000,\"totalNumber\":2}","bizIdStr":"29383937493038367292","bizId":29383937493038367292,"bizStatus":"SUCCESS"}""");

        webhook.BizId.ShouldBe("29383937493038367292");
        var payout = webhook.Payout.ShouldNotBeNull();
        payout.RequestId.ShouldBe("gg8127129");
        payout.BatchStatus.ShouldBe("SUCCESS");
        payout.MerchantId.ShouldBe(100100006288);
        payout.TotalAmount.ShouldBe(2m);
        payout.TotalNumber.ShouldBe(2);
        webhook.Pay.ShouldBeNull();
        webhook.PayoutNonBinance.ShouldBeNull();
    }

    [Fact]
    public void The_documented_PAYOUT_NON_BN_sample_reads_its_string_ids_and_string_amount()
    {
        var webhook = Parse("""{"bizType":"PAYOUT_NON_BN","data":"{\"merchantSendId\":\"XXXIDXXX\",\"orderId\":\"284838578405933060\",\"batchId\":\"284838578405933040\",\"status\":\"SUCCESS\",\"currency\":\"USDT\",\"amount\":\"1\",\"receiveType\":\"EMAIL\",\"receiver\":\"xxxxx@gmail.com\"}","bizId":284838578405933040,"bizStatus":"SUCCESS"}""");

        var line = webhook.PayoutNonBinance.ShouldNotBeNull();
        line.OrderId.ShouldBe("284838578405933060");
        line.BatchId.ShouldBe("284838578405933040");
        line.Amount.ShouldBe(1m);
        line.ReceiveType.ShouldBe("EMAIL");
        line.Receiver.ShouldBe("xxxxx@gmail.com");
        webhook.Payout.ShouldBeNull();
    }

    [Fact]
    public void A_BALANCE_event_reads_the_documented_shape_with_numeric_ids_and_an_unknown_callbackUrl()
    {
        var webhook = Parse("""{"bizType":"BALANCE","data":"{\"downloadType\":\"merchant_balance_download_task\",\"downloadId\":197430692664688640,\"userId\":354205246,\"status\":2,\"downloadLink\":\"https://example.test/r.xlsx\",\"expirationTimestamp\":1700000000000,\"createTime\":\"2023-11-14 22:13:20\",\"callbackUrl\":\"https://example.test/cb\"}","bizId":197430692664688640,"bizStatus":"BALANCE_SUCCESS"}""");

        var report = webhook.BalanceReport.ShouldNotBeNull();
        report.DownloadId.ShouldBe(197430692664688640);
        report.UserId.ShouldBe(354205246);
        report.Status.ShouldBe(2);
        report.DownloadLink.ShouldBe("https://example.test/r.xlsx");
        report.ExpirationTimestamp.ShouldBe(1700000000000);
        report.CreateTime.ShouldBe("2023-11-14 22:13:20");
        webhook.Payout.ShouldBeNull();
    }

    [Fact]
    public void A_PAYOUT_event_whose_data_is_not_a_batch_is_a_format_error()
    {
        Should.Throw<FormatException>(() => Parse("""{"bizType":"PAYOUT","data":"{\"totalNumber\":\"many\"}","bizId":1,"bizStatus":"SUCCESS"}"""));
    }
}

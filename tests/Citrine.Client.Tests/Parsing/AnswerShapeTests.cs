using System.Net;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts;
using Citrine.Contracts.Orders;

namespace Citrine.Client.Tests.Parsing;

/// <summary>
/// The odd answer shapes of docs/api-reference.md#envelope-and-result-codes, #quirks, served by a signed loopback
/// stand-in: numbers as strings, ids beyond 2^53, unknown statuses and codes, errorMessage absent/null/empty, the
/// gateway's ERROR shape, HTML.
/// </summary>
public sealed class AnswerShapeTests
{
    private const string QueryV2 = "binancepay/openapi/v2/order/query";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> WithAnswerAsync<T>(string path, int status, string body,
        Func<CitrineClient, Task<T>> call)
    {
        await using var service = await CannedService.StartAsync();
        service.Answers[path] = (status, body);
        return await call(service.Client());
    }

    private static Task<QueryOrderResult> QueryAsync(string body, int status = 200) =>
        WithAnswerAsync(QueryV2, status, body, c => c.Orders.GetAsync(new OrderLookupRequest { PrepayId = "1" }, Ct));

    [Fact]
    public async Task The_merchant_portal_sample_with_quoted_numbers_and_v1_fields_parses()
    {
        var order = await QueryAsync("""{"status":"SUCCESS","code":"000000","data":{"merchantId":"987321472","prepayId":"29383937493038367292","transactionId":"23729202729220282","merchantTradeNo":"9825382937292","tradeType":"APP","status":"PAID","currency":"USDT","totalFee":10.88,"productName":"Ice Cream","productDetail":"Green Tea ice cream cone","transactTime":"1425744000123","createTime":"1425744000000"},"errorMessage":""}""");

        order.MerchantId.ShouldBe(987321472);
        order.PrepayId.ShouldBe("29383937493038367292");
        order.TransactTime.ShouldBe(1425744000123);
        order.CreateTime.ShouldBe(1425744000000);
        order.TotalFee.ShouldBe(10.88m);
        order.Status.ShouldBe(OrderStatusNames.Paid);
    }

    [Fact]
    public async Task A_v1_answer_with_totalFee_as_an_8_decimal_string_and_no_errorMessage_parses()
    {
        var order = await QueryAsync("""{"status":"SUCCESS","code":"000000","data":{"merchantId":134697918,"prepayId":"99695089974435840","merchantTradeNo":"9a1c04a06dbc432e94fa4e2bd693c663","tradeType":"WEB","status":"INITIAL","currency":"BUSD","totalFee":"0.50000000","productName":"Ice Cream","productDetail":"Greentea ice cream cone","createTime":1624260944011}}""");

        order.TotalFee.ShouldBe(0.5m);
        order.PrepayId.ShouldBe("99695089974435840");
    }

    [Fact]
    public async Task An_unknown_order_status_is_kept_not_refused()
    {
        var order = await QueryAsync("""{"status":"SUCCESS","code":"000000","data":{"merchantId":1,"prepayId":"1","merchantTradeNo":"a","status":"PARTIALLY_CAPTURED","currency":"USDT","orderAmount":"1.5","createTime":1}}""");

        order.Status.ShouldBe("PARTIALLY_CAPTURED");
        order.OrderAmount.ShouldBe(1.5m);
    }

    [Fact]
    public async Task A_create_answer_with_a_numeric_expireTime_and_string_totalFee_parses()
    {
        var order = await WithAnswerAsync("binancepay/openapi/v2/order", 200, """{"status":"SUCCESS","code":"000000","data":{"prepayId":"29383937493038367292","terminalType":"APP","expireTime":121123232223,"qrcodeLink":"q","qrContent":"c","checkoutUrl":"https://pay.binance.com/checkout/x","deeplink":"d","universalUrl":"u","totalFee":"25.17","currency":"USDT"},"errorMessage":""}""",
            c => c.Orders.CreateAsync(Requests.V2(), Ct));

        order.ExpireTime.ShouldBe(121123232223);
        order.TotalFee.ShouldBe(25.17m);
        order.PrepayId.ShouldBe("29383937493038367292");
    }

    [Fact]
    public async Task A_v1_create_answer_with_expireTime_as_a_string_parses()
    {
        var order = await WithAnswerAsync("binancepay/openapi/order", 200, """{"status":"SUCCESS","code":"000000","data":{"prepayId":"29383937493038367292","tradeType":"APP","expireTime":"121123232223","qrcodeLink":"q","qrContent":"c","checkoutUrl":"u","deeplink":"d","universalUrl":"u"},"errorMessage":""}""",
            c => c.Orders.CreateAsync(Requests.V1(1), Ct));

        order.ExpireTime.ShouldBe(121123232223);
        order.TradeType.ShouldBe("APP");
    }

    [Theory]
    [InlineData("""{"status":"FAIL","code":"400202","errorMessage":"Order not found."}""", "Order not found.")]
    [InlineData("""{"status":"FAIL","code":"400202","errorMessage":null}""", null)]
    [InlineData("""{"status":"FAIL","code":"400202","errorMessage":""}""", null)]
    [InlineData("""{"status":"FAIL","code":"400202"}""", null)]
    [InlineData("""{"status":"FAIL","code":400202,"data":null}""", null)]
    public async Task A_refusal_carries_code_name_message_status_and_body_whatever_errorMessage_looks_like(
        string body, string? message)
    {
        var refused = await Should.ThrowAsync<CitrineApiException>(() => QueryAsync(body, 400));

        refused.Code.ShouldBe("400202");
        refused.ResultCode.ShouldBe(ResultCodes.OrderNotFound);
        refused.CodeName.ShouldBe("ORDER_NOT_FOUND");
        refused.ErrorMessage.ShouldBe(message);
        refused.HttpStatus.ShouldBe(400);
        refused.RawBody.ShouldBe(body);
        refused.Status.ShouldBe("FAIL");
        refused.Message.ShouldContain("400202 ORDER_NOT_FOUND");
    }

    [Fact]
    public async Task An_unknown_code_is_kept_as_its_raw_text()
    {
        var refused = await Should.ThrowAsync<CitrineApiException>(() => QueryAsync(
            """{"status":"FAIL","code":"499999","errorMessage":"A newer Binance error"}""", 401));

        refused.Code.ShouldBe("499999");
        refused.ResultCode.ShouldBeNull();
        refused.CodeName.ShouldBeNull();
        refused.ErrorMessage.ShouldBe("A newer Binance error");
        refused.HttpStatus.ShouldBe(401);
    }

    [Fact]
    public async Task The_gateway_ERROR_shape_is_a_refusal_with_its_errorData()
    {
        var refused = await Should.ThrowAsync<CitrineApiException>(() => QueryAsync(
            """{"status":"ERROR","type":"SYS","code":"100001001","errorData":"System abnormality"}""", 400));

        refused.Code.ShouldBe("100001001");
        refused.Status.ShouldBe("ERROR");
        refused.ErrorMessage.ShouldBe("System abnormality");
    }

    [Fact]
    public async Task The_FAQ_code_and_msg_shape_is_a_refusal_with_its_msg()
    {
        var refused = await Should.ThrowAsync<CitrineApiException>(() => QueryAsync(
            """{"code":"400002","msg":"Signature for this request is not valid."}""", 400));

        refused.ResultCode.ShouldBe(ResultCodes.InvalidSignature);
        refused.ErrorMessage.ShouldBe("Signature for this request is not valid.");
    }

    [Fact]
    public async Task A_REPEAT_REQ_SUCCESS_answer_is_a_success()
    {
        var order = await QueryAsync("""{"status":"REPEAT_REQ_SUCCESS","code":"000001","data":{"merchantId":1,"prepayId":"7","merchantTradeNo":"a","status":"PAID","currency":"USDT","createTime":1}}""");

        order.PrepayId.ShouldBe("7");
    }

    [Fact]
    public async Task An_HTML_answer_is_a_transport_failure_with_the_status_not_an_api_refusal()
    {
        await using var service = await CannedService.StartAsync();

        var failed = await Should.ThrowAsync<HttpRequestException>(
            () => service.Client().Orders.GetAsync(new OrderLookupRequest { PrepayId = "1" }, Ct));

        failed.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        failed.HttpRequestError.ShouldBe(HttpRequestError.InvalidResponse);
    }

    [Fact]
    public async Task A_success_whose_data_does_not_fit_is_an_invalid_response()
    {
        var failed = await Should.ThrowAsync<HttpRequestException>(() => QueryAsync(
            """{"status":"SUCCESS","code":"000000","data":{"merchantId":{"nested":true},"prepayId":"1","merchantTradeNo":"a","status":"PAID","currency":"USDT","createTime":1}}"""));

        failed.HttpRequestError.ShouldBe(HttpRequestError.InvalidResponse);
    }

    [Fact]
    public async Task A_lookup_without_either_id_is_a_caller_bug_refused_before_sending()
    {
        await using var service = await CannedService.StartAsync();

        await Should.ThrowAsync<ArgumentException>(() => service.Client().Orders.GetAsync(new OrderLookupRequest(), Ct));

        service.Bodies.ShouldBeEmpty();
    }
}

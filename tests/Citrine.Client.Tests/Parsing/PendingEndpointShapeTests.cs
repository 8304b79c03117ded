using System.Text.Json;
using Citrine.Client.Sandbox;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts.DirectDebit;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Refunds;

namespace Citrine.Client.Tests.Parsing;

/// <summary>
/// The path and JSON each SDK method sends and how it reads the documented answer samples
/// (docs/api-reference.md#refunds, #direct-debit), against a signed loopback stand-in. Refunds and the sandbox order
/// helpers are still being built on other branches; direct debit and certificates are on main, and their webhooks are
/// also tested live in <c>Live/WebhooksLiveTests</c>.
/// </summary>
public sealed class PendingEndpointShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refunds_CreateAsync_sends_the_documented_fields_and_reads_string_amounts()
    {
        var (refund, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/order/refund",
            """{"status":"SUCCESS","code":"000000","data":{"refundRequestId":"68711039982968832","prepayId":"383729303729303","orderAmount":"100.11","refundedAmount":"10.88","refundAmount":"5.00","remainingAttempts":8,"payerOpenId":"dde730c2e0ea1f1780cf26343b98fd3b","duplicateRequest":"N"},"errorMessage":""}""",
            c => c.Refunds.CreateAsync(new RefundOrderRequest
            {
                RefundRequestId = "68711039982968832",
                PrepayId = "383729303729303",
                RefundAmount = 25.17m,
                RefundReason = "",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/order/refund");
        sent.GetRawText().ShouldBe("""{"refundRequestId":"68711039982968832","prepayId":"383729303729303","refundAmount":25.17,"refundReason":""}""");
        refund.OrderAmount.ShouldBe(100.11m);
        refund.RefundedAmount.ShouldBe(10.88m);
        refund.RefundAmount.ShouldBe(5m);
        refund.RemainingAttempts.ShouldBe(8);
        refund.DuplicateRequest.ShouldBe("N");
        refund.RefundId.ShouldBeNull();
    }

    [Fact]
    public async Task Refunds_GetAsync_reads_the_refund_status_and_a_numeric_refundId_elsewhere()
    {
        var (refund, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/order/refund/query",
            """{"status":"SUCCESS","code":"000000","data":{"refundRequestId":"68711039982968832","prepayId":383729303729303,"orderAmount":"100.11","refundedAmount":"10.88","refundAmount":"5.00","remainingAttempts":"8","payerOpenId":"dde7","refundStatus":"REFUND_SUCCESS","refundedCommission":"0.01","refundCommission":"0.005"}}""",
            c => c.Refunds.GetAsync(new RefundQueryRequest { RefundRequestId = "68711039982968832" }, Ct));

        path.ShouldBe("/binancepay/openapi/order/refund/query");
        sent.GetRawText().ShouldBe("""{"refundRequestId":"68711039982968832"}""");
        refund.RefundStatus.ShouldBe(RefundStatusNames.Success);
        refund.PrepayId.ShouldBe("383729303729303");
        refund.RemainingAttempts.ShouldBe(8);
        refund.RefundCommission.ShouldBe(0.005m);
    }

    [Fact]
    public async Task DirectDebit_CreateContractAsync_sends_the_contract_and_reads_the_signing_links()
    {
        var (contract, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/direct-debit/contract",
            """{"status":"SUCCESS","code":"000000","data":{"merchantId":98729382672,"preContractId":"391238472","contractEndTime":1735660800000,"requestExpireTime":1700003600000,"qrContent":"https://qr/c","qrcodeLink":"https://qr/c.png","deeplink":"bnc://x"}}""",
            c => c.DirectDebit.CreateContractAsync(new CreateContractRequest
            {
                MerchantContractCode = "c0ecfb465e454560a5d8e307bbc407c5",
                ServiceName = "Gym",
                ScenarioCode = "Membership",
                SingleUpperLimit = 20.5m,
                Currency = "USDT",
                Periodic = true,
                CycleDebitFixed = true,
                CycleType = "MONTH",
                CycleValue = 1,
                FirstDeductTime = 1700000000000,
            }, Ct));

        path.ShouldBe("/binancepay/openapi/direct-debit/contract");
        sent.GetProperty("singleUpperLimit").GetRawText().ShouldBe("20.5");
        sent.GetProperty("periodic").GetBoolean().ShouldBeTrue();
        sent.GetProperty("cycleType").GetString().ShouldBe("MONTH");
        sent.TryGetProperty("subMerchantId", out _).ShouldBeFalse();
        contract.PreContractId.ShouldBe("391238472");
        contract.MerchantId.ShouldBe(98729382672);
        contract.QrContent.ShouldBe("https://qr/c");
    }

    [Fact]
    public async Task DirectDebit_GetContractAsync_reads_a_quoted_contractId_and_termination_fields()
    {
        var (contract, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/direct-debit/contract/query",
            """{"status":"SUCCESS","code":"000000","data":{"bizStatus":"CONTRACT_TERMINATED","merchantContractCode":"c0ec","contractId":"205611460060250112","serviceName":"Gym","singleUpperLimit":"20.5","currency":"USDT","contractTerminationWay":3,"contractTerminationTime":"1700000000000"}}""",
            c => c.DirectDebit.GetContractAsync(new ContractLookupRequest { ContractId = 205611460060250112 }, Ct));

        path.ShouldBe("/binancepay/openapi/direct-debit/contract/query");
        sent.GetRawText().ShouldBe("""{"contractId":205611460060250112}""");
        contract.BizStatus.ShouldBe(ContractStatusNames.Terminated);
        contract.ContractId.ShouldBe(205611460060250112);
        contract.ContractTerminationWay.ShouldBe(3);
        contract.ContractTerminationTime.ShouldBe(1700000000000);
    }

    [Fact]
    public async Task DirectDebit_TerminateContractAsync_reads_data_true_from_an_answer_without_errorMessage()
    {
        var (terminated, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/direct-debit/contract/termination",
            """{"status":"SUCCESS","code":"000000","data":true}""",
            c => c.DirectDebit.TerminateContractAsync(new TerminateContractRequest
            {
                MerchantContractCode = "c0ec",
                TerminationNotes = "moved away",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/direct-debit/contract/termination");
        sent.GetRawText().ShouldBe("""{"merchantContractCode":"c0ec","terminationNotes":"moved away"}""");
        terminated.ShouldBeTrue();
    }

    [Fact]
    public async Task DirectDebit_NotifyPaymentAsync_sends_tradeMode_DIRECT_DEBIT()
    {
        var (notice, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/pay/notify",
            """{"status":"SUCCESS","code":"000000","data":{"orderId":"4000","merchantRequestId":"abcd","transactionTime":1700000000000}}""",
            c => c.DirectDebit.NotifyPaymentAsync(new PaymentNotifyRequest
            {
                MerchantRequestId = "abcd",
                BizId = 123,
                EstimatedAmount = 6m,
                Currency = "USDT",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/pay/notify");
        sent.GetRawText().ShouldBe("""{"merchantRequestId":"abcd","tradeMode":"DIRECT_DEBIT","bizId":123,"estimatedAmount":6,"currency":"USDT"}""");
        notice.OrderId.ShouldBe("4000");
        notice.TransactionTime.ShouldBe(1700000000000);
    }

    [Fact]
    public async Task DirectDebit_ApplyPaymentAsync_reads_a_numeric_prepayId_as_text()
    {
        var (payment, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/pay/apply",
            """{"status":"SUCCESS","code":"000000","data":{"orderId":4001,"prepayId":383729303729303123,"merchantRequestId":"req1","appliedTime":1700000000000,"status":"PROCESSING"}}""",
            c => c.DirectDebit.ApplyPaymentAsync(new PaymentApplyRequest
            {
                MerchantRequestId = "req1",
                BizId = 205611460060250112,
                Amount = 9.99m,
                ProductName = "Gym month",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/pay/apply");
        sent.GetProperty("tradeMode").GetString().ShouldBe("DIRECT_DEBIT");
        sent.GetProperty("bizId").GetInt64().ShouldBe(205611460060250112);
        payment.PrepayId.ShouldBe("383729303729303123");
        payment.OrderId.ShouldBe("4001");
        payment.Status.ShouldBe("PROCESSING");
    }

    [Fact]
    public async Task Certificates_GetAsync_sends_an_empty_object_and_reads_the_list()
    {
        var (certificates, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/certificates",
            """{"status":"SUCCESS","code":"000000","data":[{"certPublic":"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----","certSerial":"abc"}]}""",
            c => c.Certificates.GetAsync(Ct));

        path.ShouldBe("/binancepay/openapi/certificates");
        sent.GetRawText().ShouldBe("{}");
        certificates.Single().CertSerial.ShouldBe("abc");
    }

    [Fact]
    public async Task Sandbox_calls_go_under_sandbox_not_the_Binance_paths()
    {
        await using var service = await CannedService.StartAsync();
        foreach (var path in new[] { "sandbox/orders/pay", "sandbox/orders/expire", "sandbox/clock/advance", "sandbox/reset" })
        {
            service.Answers[path] = (200, """{"status":"SUCCESS","code":"000000","data":{"ok":true}}""");
        }

        var client = service.Client();
        (await client.Sandbox.PayOrderAsync(new SandboxPayRequest { PrepayId = "1", PayCurrency = "BTC" }, Ct))
            .GetProperty("ok").GetBoolean().ShouldBeTrue();
        await client.Sandbox.ExpireOrderAsync(new OrderLookupRequest { MerchantTradeNo = "m1" }, Ct);
        await client.Sandbox.AdvanceClockAsync(TimeSpan.FromMinutes(61), Ct);
        await client.Sandbox.ResetAsync(Ct);

        service.Seen.Select(s => s.Path + " " + s.Body).ShouldBe([
            """/sandbox/orders/pay {"prepayId":"1","payCurrency":"BTC"}""",
            """/sandbox/orders/expire {"merchantTradeNo":"m1"}""",
            """/sandbox/clock/advance {"advanceMs":3660000}""",
            "/sandbox/reset {}",
        ]);
    }
}

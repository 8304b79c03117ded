using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Server.ApiDescription;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Otc;
using Citrine.Testing;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>
/// Every example request of the live <c>/openapi.json</c> succeeds (000000) when sent as the document says: signed
/// with a real merchant's key (or with the admin token where only the administrator may call), after the test has
/// created what the example talks about (an order, a paid order, a signed contract, a webhook event). Ids the
/// server mints (prepayId, contractId, eventId, buyerId, path ids) are put into the example in place of its own.
/// </summary>
public abstract class ExampleRequestTests(ServerFixture fixture)
{
    private const string SignedScheme = "BinancePay-Signature";

    private TestServer Server => fixture.Server;

    /// <summary>Every declared endpoint, from the same registry the server maps (sandbox on, as in tests).</summary>
    public static TheoryData<string> DeclaredPaths() =>
        [.. new EndpointRegistry(sandbox: true).All.Select(d => d.Path)];

    [Fact]
    public async Task Every_declared_endpoint_has_an_example_in_the_document_and_nothing_else_has_one()
    {
        var document = await ApiDocumentKit.FetchAsync(Server);
        var withExamples = ApiDocumentKit.Operations(document).Where(o => ExampleOf(o.Operation) is not null)
            .Select(o => o.Path).Order(StringComparer.Ordinal).ToList();
        var declared = DeclaredPaths().Select(row => ApiDocument.PathOf(row.Data)).Order(StringComparer.Ordinal)
            .ToList();
        var missing = declared.Except(withExamples, StringComparer.Ordinal).ToList();
        missing.ShouldBeEmpty("declared endpoints without an example; set Example on their EndpointDeclaration "
                              + "(a JSON body that succeeds) — see DeclarationCompletenessTests for where");
        withExamples.ShouldBe(declared);
    }

    [Theory]
    [MemberData(nameof(DeclaredPaths))]
    public async Task The_example_request_succeeds_against_a_live_server(string routePattern)
    {
        var document = await ApiDocumentKit.FetchAsync(Server);
        var path = ApiDocument.PathOf(routePattern);
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("post");
        var example = ExampleOf(operation) ?? throw new ShouldAssertException(
            $"POST {path} has no example request in /openapi.json: set Example on its EndpointDeclaration "
            + "(a JSON body that succeeds, 000000).");
        var body = JsonNode.Parse(example.GetRawText())!.AsObject();

        var world = await World.CreateAsync(Server);
        var (overrides, pathValues) = await PrepareAsync(path, body, world);
        foreach (var (name, value) in overrides)
        {
            if (body.ContainsKey(name))
            {
                body[name] = value;
            }
        }

        var target = pathValues.Aggregate(path, (p, v) => p.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
        target.ShouldNotContain("{", customMessage: $"{path}: no value for a path parameter; add it in PrepareAsync");
        var answer = Signed(operation)
            ? await world.Client.PostRawAsync(target, body.ToJsonString())
            : await AdminPostAsync(target, body.ToJsonString());
        answer.Code.ShouldBe("000000",
            $"POST {target} with the document's example {body.ToJsonString()} answered {answer}. If the example "
            + "needs something to exist first, create it in ExampleRequestTests.PrepareAsync; otherwise fix the "
            + "Example of its EndpointDeclaration.");
    }

    private static JsonElement? ExampleOf(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var requestBody)
        && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
        && json.TryGetProperty("examples", out var examples)
        && examples.TryGetProperty(ApiDocument.ExampleName, out var example)
            ? example.GetProperty("value")
            : null;

    /// <summary>Signed when any security requirement of the operation names the signature header.</summary>
    private static bool Signed(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().Any(r => r.TryGetProperty(SignedScheme, out _));

    private async Task<Answer> AdminPostAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        return await SignedHttp.SendAsync(Server.Http, request);
    }

    /// <summary>
    /// Creates what the example of <paramref name="path"/> needs and returns the top-level fields to replace (by
    /// name, only where the example has them) and the values of path parameters.
    /// </summary>
    private async Task<(Dictionary<string, JsonNode?> Fields, Dictionary<string, string> Path)> PrepareAsync(
        string path, JsonObject example, World world)
    {
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["merchantId"] = world.Merchant.MerchantId,
            ["buyerId"] = world.BuyerId,
        };
        var pathValues = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["merchantId"] = world.Merchant.MerchantId.ToString(CultureInfo.InvariantCulture),
            ["buyerId"] = world.BuyerId.ToString(CultureInfo.InvariantCulture),
        };
        var tradeNo = Text(example, "merchantTradeNo") ?? Orders.NewTradeNo();
        var contractCode = Text(example, "merchantContractCode") ?? ContractBodies.NewCode();
        switch (path)
        {
            case "/binancepay/openapi/order/query" or "/binancepay/openapi/v2/order/query"
                or "/binancepay/openapi/order/close" or "/sandbox/orders/expire" or "/sandbox/orders/pay":
                fields["prepayId"] = Id(await world.Client.CreateOrderAsync(Orders.V2(tradeNo)));
                break;
            case "/binancepay/openapi/order/refund" or "/sandbox/refunds/reject-next":
                var paid = await world.PaidOrderAsync();
                fields["prepayId"] = path.StartsWith("/sandbox/", StringComparison.Ordinal) ? paid : Id(paid);
                break;
            case "/binancepay/openapi/order/refund/query":
                var refund = await world.Client.PostAsync("/binancepay/openapi/order/refund", new
                {
                    refundRequestId = Text(example, "refundRequestId"),
                    prepayId = Id(await world.PaidOrderAsync()),
                    refundAmount = 1,
                });
                refund.Code.ShouldBe("000000", refund.ToString());
                break;
            case "/binancepay/openapi/direct-debit/contract/query" or "/sandbox/direct-debit/contracts/sign":
                await world.Client.CreateContractAsync(ContractBodies.OneOff(contractCode));
                break;
            case "/binancepay/openapi/direct-debit/contract/termination" or "/sandbox/direct-debit/contracts/terminate":
                await world.Client.CreateContractAsync(ContractBodies.OneOff(contractCode));
                await world.Client.SignAsync(contractCode, world.BuyerId);
                break;
            case "/binancepay/openapi/pay/notify" or "/binancepay/openapi/pay/apply":
                await world.Client.CreateContractAsync(ContractBodies.OneOff(contractCode));
                var contract = await world.Client.SignAsync(contractCode, world.BuyerId);
                fields["bizId"] = contract.GetProperty("contractId").GetInt64();
                break;
            case "/sandbox/webhooks/event" or "/sandbox/webhooks/redeliver" or "/admin/events/{eventId}/redeliver":
                var eventId = await world.EventAsync();
                fields["eventId"] = eventId;
                pathValues["eventId"] = eventId.ToString(CultureInfo.InvariantCulture);
                break;
            case "/binancepay/openapi/payout/transfer":
                await world.FundWalletAsync();
                break;
            case "/binancepay/openapi/payout/query":
                await world.PayoutAsync(Text(example, "requestId")!, "q1");
                break;
            case "/sandbox/payouts/receive":
                await world.PayoutAsync(Text(example, "requestId")!, Text(example, "merchantSendId")!);
                break;
            case "/binancepay/openapi/wallet/transfer" or "/sandbox/wallet/drain":
                await world.FundWalletAsync();
                break;
            case "/binancepay/openapi/wallet/transfer/query":
                await world.FundWalletAsync();
                var transfer = await world.Client.PostAsync("/binancepay/openapi/wallet/transfer", new
                {
                    requestId = Text(example, "tranId"),
                    currency = "USDT",
                    amount = "1",
                    transferType = "TO_MAIN",
                });
                transfer.Code.ShouldBe("000000", transfer.ToString());
                break;
            case "/binancepay/openapi/otc-portal/get-quote":
                await world.FundWalletAsync();
                break;
            case "/binancepay/openapi/otc-portal/execute-quote":
                await world.FundWalletAsync();
                fields["quoteId"] = (await world.Client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100))
                    .GetProperty("quoteId").GetString();
                break;
            case "/binancepay/openapi/otc-portal/query-trade-order":
                await world.FundWalletAsync();
                var quoteId = (await world.Client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100))
                    .GetProperty("quoteId").GetString()!;
                fields["orderId"] = (await world.Client.ExecuteAsync(quoteId)).Data.GetProperty("orderId").GetString();
                break;
            case "/binancepay/openapi/profitsharing/v1/add-receiver":
                fields["account"] = await world.BinanceIdAsync();
                break;
            case "/binancepay/openapi/profitsharing/v1/del-receiver":
                fields["account"] = await world.ReceiverAsync();
                break;
            case "/binancepay/openapi/profitsharing/v1/submit-split":
                var account = await world.ReceiverAsync();
                fields["prepayOrderId"] = Id(await world.TaggedPaidOrderAsync());
                fields["receiverList"] = new JsonArray(new JsonObject
                {
                    ["account"] = account,
                    ["amount"] = 1,
                    ["description"] = "A description.",
                });
                break;
            case "/binancepay/openapi/profitsharing/v1/query-split" or "/binancepay/openapi/profitsharing/v1/return":
                var requestId = Text(example, "merchantRequestId") ?? Orders.NewTradeNo();
                var (prepayId, splitOrderNo, receiver) = await world.SplitAsync(requestId);
                fields["prepayOrderId"] = Id(prepayId);
                fields["splitOrderNo"] = splitOrderNo;
                fields["transferOutAccount"] = receiver;
                break;
            case "/binancepay/openapi/submerchant/modify":
                var sub = await world.Client.PostAsync("/binancepay/openapi/submerchant/add", new
                {
                    merchantName = "Example Branch",
                    storeType = 1,
                    merchantMcc = "1040",
                    address = "1 Road",
                });
                sub.Code.ShouldBe("000000", sub.ToString());
                fields["subMerchantId"] = Id(sub.Data.GetProperty("subMerchantId").GetInt64());
                break;
            case "/binancepay/openapi/order/payer/verification":
                fields["binanceId"] = await world.BinanceIdAsync();
                break;
            case "/binancepay/openapi/service/provider/config/query" or "/binancepay/openapi/service/provider/record":
                await world.ProviderAsync();
                break;
            case "/binancepay/openapi/service/provider/create":
                await world.ProviderAsync();
                fields["merchantId"] = Id((await Server.CreateMerchantAsync("Authorising Shop")).MerchantId);
                break;
            case "/binancepay/openapi/service/provider/record/get":
                fields["merchantId"] = Id((await world.AuthorizationAsync()).MerchantId);
                break;
            case "/admin/service-provider/authorizations/{authorizationId}/disable":
                pathValues["authorizationId"] = (await world.AuthorizationAsync()).AuthorizationId;
                break;
            case "/admin/service-provider/authorizations/{authorizationId}/scopes":
                pathValues["authorizationId"] = await world.AuthorizedAsync();
                break;
            case "/sandbox/shareinfo/approve":
                var shared = await world.Client.PostAsync("/binancepay/openapi/shareinfo/accountId",
                    new { requestId = Text(example, "requestId") });
                shared.Code.ShouldBe("000000", shared.ToString());
                break;
            case "/admin/keys/{apiKey}/revoke":
                var key = await Server.AdminPostAsync($"/admin/merchants/{world.Merchant.MerchantId}/keys", new { });
                key.Code.ShouldBe("000000", key.ToString());
                pathValues["apiKey"] = key.Data.GetProperty("apiKey").GetString()!;
                break;
        }

        return (fields, pathValues);
    }

    private static string? Text(JsonObject body, string name) => body[name]?.GetValue<string>();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh merchant with direct debit enabled, and a sandbox buyer with funds.</summary>
    private sealed record World(TestServer Server, TestMerchant Merchant, SignedHttp Client, long BuyerId)
    {
        public static async Task<World> CreateAsync(TestServer server)
        {
            var merchant = await server.CreateMerchantAsync("Example Shop");
            await server.SetDirectDebitAsync(merchant.MerchantId, true);
            await server.SetConvertAsync(merchant.MerchantId, true);
            var buyerId = await server.CreateBuyerAsync("Example Buyer", new() { ["USDT"] = "1000", ["BNB"] = "10" });
            return new World(server, merchant, server.Signed(merchant), buyerId);
        }

        /// <summary>Makes the merchant a technical service provider with every scope.</summary>
        public async Task ProviderAsync()
        {
            var made = await Server.AdminPostAsync($"/admin/merchants/{Merchant.MerchantId}/service-provider", new { });
            made.Code.ShouldBe("000000", made.ToString());
        }

        /// <summary>A PENDING authorisation of the merchant (made a provider) by another merchant.</summary>
        public async Task<(long MerchantId, string AuthorizationId)> AuthorizationAsync()
        {
            await ProviderAsync();
            var target = await Server.CreateMerchantAsync("Authorising Shop");
            var created = await Client.PostAsync("/binancepay/openapi/service/provider/create", new
            {
                merchantId = target.MerchantId.ToString(CultureInfo.InvariantCulture),
                scopes = new[] { "CHECKOUT" },
                ipWhitelist = new[] { "203.0.113.7" },
            });
            created.Code.ShouldBe("000000", created.ToString());
            return (target.MerchantId, created.Data.GetProperty("authorizationId").GetString()!);
        }

        /// <summary>An AUTHORIZED authorisation of the merchant (made a provider) for CHECKOUT, approved on the review
        /// page by another merchant; its id.</summary>
        public async Task<string> AuthorizedAsync()
        {
            var target = await Server.CreateMerchantAsync("Authorising Shop");
            var (_, authorizationId) = await Partners.TspKit.RequestAsync(Server, Client, target.MerchantId, "CHECKOUT");
            (await Server.ReviewAuthorizationAsync(authorizationId, target, "approve")).ShouldBe(200);
            return authorizationId;
        }

        public async Task<long> PaidOrderAsync()
        {
            var prepayId = await Client.CreateOrderAsync();
            var paid = await Client.SandboxPayAsync(prepayId, BuyerId);
            paid.Code.ShouldBe("000000", paid.ToString());
            return prepayId;
        }

        public async Task<string> BinanceIdAsync() =>
            (await Server.AdminGetAsync($"/admin/buyers/{BuyerId}")).Data.GetProperty("binanceId").GetInt64()
            .ToString(CultureInfo.InvariantCulture);

        /// <summary>The buyer registered as the merchant's profit-sharing receiver; its Binance ID.</summary>
        public async Task<string> ReceiverAsync()
        {
            var account = await BinanceIdAsync();
            var added = await Client.PostAsync("/binancepay/openapi/profitsharing/v1/add-receiver", new { account });
            added.Code.ShouldBe("000000", added.ToString());
            return account;
        }

        /// <summary>An order of 20 USDT created with orderTags.ifProfitSharing and paid.</summary>
        public async Task<long> TaggedPaidOrderAsync()
        {
            var body = Orders.V2(amount: 20m);
            body["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
            var prepayId = await Client.CreateOrderAsync(body);
            var paid = await Client.SandboxPayAsync(prepayId, BuyerId);
            paid.Code.ShouldBe("000000", paid.ToString());
            return prepayId;
        }

        /// <summary>A split of 1 USDT of a tagged paid order to the buyer, finished: (prepayId, splitOrderNo,
        /// account).</summary>
        public async Task<(long, string, string)> SplitAsync(string requestId)
        {
            var account = await ReceiverAsync();
            var prepayId = await TaggedPaidOrderAsync();
            var split = await Client.PostAsync("/binancepay/openapi/profitsharing/v1/submit-split", new
            {
                merchantRequestId = requestId,
                prepayOrderId = prepayId.ToString(CultureInfo.InvariantCulture),
                receiverList = new[] { new { account, amount = 1, description = "d" } },
            });
            split.Code.ShouldBe("000000", split.ToString());
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await Client.PostAsync("/binancepay/openapi/profitsharing/v1/query-split", new
            {
                merchantRequestId = requestId,
                prepayOrderId = prepayId.ToString(CultureInfo.InvariantCulture),
            })).Data.GetProperty("status").GetInt32() != 2)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the split was not processed");
                await Task.Delay(50);
            }

            return (prepayId, split.Data.GetProperty("splitOrderNo").GetString()!, account);
        }

        /// <summary>Puts 100 USDT in the merchant's FUNDING wallet.</summary>
        public async Task FundWalletAsync()
        {
            var funded = await Client.PostAsync("/sandbox/wallet/fund",
                new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "100" });
            funded.Code.ShouldBe("000000", funded.ToString());
        }

        /// <summary>Funds the wallet and pays 1 USDT to an e-mail that is nobody's; waits until the line awaits
        /// receipt.</summary>
        public async Task PayoutAsync(string requestId, string merchantSendId)
        {
            await FundWalletAsync();
            var accepted = await Client.PostAsync("/binancepay/openapi/payout/transfer", new
            {
                requestId,
                batchName = "example",
                currency = "USDT",
                totalAmount = 1,
                totalNumber = 1,
                transferDetailList = new[]
                {
                    new
                    {
                        merchantSendId,
                        receiveType = "EMAIL",
                        receiver = "invitee@example.com",
                        transferAmount = 1,
                        transferMethod = "FUNDING_WALLET",
                    },
                },
            });
            accepted.Code.ShouldBe("000000", accepted.ToString());
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await Client.PostAsync("/binancepay/openapi/payout/query",
                       new { requestId, detailStatus = new[] { "AWAITING_RECEIPT" } })).Data
                   .GetProperty("transferDetailList").GetArrayLength() == 0)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the payout line was not processed");
                await Task.Delay(50);
            }
        }

        /// <summary>Closes an order and waits for its <c>PAY_CLOSED</c> event.</summary>
        public async Task<long> EventAsync()
        {
            var closed = await Client.CloseAsync(await Client.CreateOrderAsync());
            closed.Code.ShouldBe("000000", closed.ToString());
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var events = await Client.PostAsync("/sandbox/webhooks/events", new { });
                events.Code.ShouldBe("000000", events.ToString());
                if (events.Data.GetArrayLength() > 0)
                {
                    return events.Data[0].GetProperty("eventId").GetInt64();
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, "no webhook event after closing an order");
                await Task.Delay(50);
            }
        }
    }
}

public sealed class SqliteExampleRequestTests(SqliteServer fixture)
    : ExampleRequestTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresExampleRequestTests(PostgresServer fixture)
    : ExampleRequestTests(fixture), IClassFixture<PostgresServer>;

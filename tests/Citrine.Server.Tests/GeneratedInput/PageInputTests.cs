using System.Globalization;
using System.Net;
using System.Text;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// Regressions the generated-input test found: non-ASCII <c>returnUrl</c>/<c>cancelUrl</c> failed the redirect after
/// a committed payment (HTTP 500); malformed multipart forms on the checkout and contract pages answered 500.
/// </summary>
public abstract class PageInputTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task An_IDN_returnUrl_is_stored_in_ASCII_and_Pay_and_Cancel_redirect_to_it()
    {
        var (client, checkoutUrl, prepayId) = await CreateOrderAsync("https://bücher.example/ä?q=ü",
            "https://例え.テスト/キャンセル");
        var buyerId = await Server.CreateBuyerAsync("Idn", new() { ["USDT"] = "100" });
        using var browser = Browser();

        using var cancel = await browser.PostAsync(new Uri(checkoutUrl + "/cancel"), new FormUrlEncodedContent([]),
            TestContext.Current.CancellationToken);
        cancel.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        cancel.Headers.Location!.OriginalString.ShouldBe(
            "https://xn--r8jz45g.xn--zckzah/%E3%82%AD%E3%83%A3%E3%83%B3%E3%82%BB%E3%83%AB");
        using var pay = await browser.PostAsync(new Uri(checkoutUrl + "/pay"), Form(buyerId),
            TestContext.Current.CancellationToken);
        pay.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        pay.Headers.Location!.OriginalString.ShouldBe("https://xn--bcher-kva.example/%C3%A4?q=%C3%BC");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("PAID");
    }

    [Fact]
    public async Task A_URL_without_an_ASCII_form_is_refused_with_400102_and_nothing_is_stored()
    {
        var merchant = await Server.CreateMerchantAsync();
        var body = Orders.V2();
        body["returnUrl"] = "https://ex ample.com/ä";

        var answer = await Server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", body);

        answer.Code.ShouldBe("400102", answer.ToString());
        answer.ErrorMessage!.ShouldStartWith("returnUrl:");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m",
            ("@m", merchant.MerchantId))).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4")]
    [InlineData("https://bü cher/\u0001", null)]
    public async Task A_stored_non_ASCII_returnUrl_never_fails_the_redirect_after_payment(string stored,
        string? location)
    {
        var (client, checkoutUrl, prepayId) = await CreateOrderAsync("https://shop.example/r", null);
        // A row written before URLs were normalised at the ingress.
        await Server.Database.WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"UPDATE orders SET return_url = @u WHERE prepay_id = {prepayId}");
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@u";
            parameter.Value = stored;
            command.Parameters.Add(parameter);
            return await command.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);
        var buyerId = await Server.CreateBuyerAsync("Legacy", new() { ["USDT"] = "100" });
        using var browser = Browser();

        using var pay = await browser.PostAsync(new Uri(checkoutUrl + "/pay"), Form(buyerId),
            TestContext.Current.CancellationToken);

        pay.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        pay.Headers.Location!.OriginalString.ShouldBe(location ?? new Uri(checkoutUrl).AbsolutePath);
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("PAID");
    }

    [Theory]
    [InlineData("multipart/form-data", "buyerId=1")]
    [InlineData("multipart/form-data; boundary=XyZ", "garbage")]
    [InlineData("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"buyerId\"\r\n\r\n1\r\n")]
    public async Task A_malformed_form_on_the_checkout_page_is_a_400_page(string contentType, string body)
    {
        var (client, checkoutUrl, prepayId) = await CreateOrderAsync(null, null);
        using var browser = Browser();

        using var response = await browser.PostAsync(new Uri(checkoutUrl + "/pay"), Raw(contentType, body),
            TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }

    [Theory]
    [InlineData("multipart/form-data", "buyerId=1")]
    [InlineData("multipart/form-data; boundary=XyZ", "garbage")]
    [InlineData("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"buyerId\"\r\n\r\n1\r\n")]
    public async Task A_malformed_form_on_the_contract_page_is_a_400_page(string contentType, string body)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var signCode = (await Server.QueryDbAsync(
            "SELECT sign_code FROM direct_debit_contracts WHERE merchant_contract_code = @c", r => r.GetString(0),
            ("@c", code))).Single();
        using var browser = Browser();

        using var response = await browser.PostAsync(new Uri(Server.BaseUri, $"/contract/{signCode}/sign"),
            Raw(contentType, body), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await Server.QueryDbAsync("SELECT status FROM direct_debit_contracts WHERE merchant_contract_code = @c",
            r => r.GetString(0), ("@c", code))).Single().ShouldBe("INITIAL");
    }

    private async Task<(SignedHttp Client, string CheckoutUrl, long PrepayId)> CreateOrderAsync(string? returnUrl,
        string? cancelUrl)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var body = Orders.V2(amount: 1m);
        body["returnUrl"] = returnUrl;
        body["cancelUrl"] = cancelUrl;
        var answer = await client.PostAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return (client, answer.Data.GetProperty("checkoutUrl").GetString()!,
            long.Parse(answer.Data.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture));
    }

    private HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };

    private static FormUrlEncodedContent Form(long buyerId) =>
        new(new Dictionary<string, string> { ["buyerId"] = buyerId.ToString(CultureInfo.InvariantCulture) });

    private static ByteArrayContent Raw(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}

public sealed class SqlitePageInputTests(SqliteServer fixture) : PageInputTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresPageInputTests(PostgresServer fixture)
    : PageInputTests(fixture), IClassFixture<PostgresServer>;

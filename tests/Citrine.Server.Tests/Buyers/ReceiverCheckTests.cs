using System.Globalization;
using Citrine.Application;
using Citrine.Client;
using Citrine.Contracts.Payouts;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Buyers;

/// <summary>
/// <c>POST /binancepay/openapi/payout/receiver/check</c> (docs/compatibility.md#payout-receiver-check): true when the
/// receiver is a buyer the caller may use and every hint given matches it; with no hint, whether it exists.
/// </summary>
public abstract class ReceiverCheckTests(ServerFixture fixture)
{
    private const string Path = "/binancepay/openapi/payout/receiver/check";

    private TestServer Server => fixture.Server;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_hint_given_must_match_the_buyer()
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync());
        var (buyerId, binanceId, payId, mobile) = await ChosenBuyerAsync(merchant);
        var openUserId = Ids.OpenUserId(buyerId, merchant.Merchant.MerchantId);
        var mail = $"rx.{binanceId}@example.com";
        var wrongMobile = mobile[..^1] + (mobile[^1] == '0' ? '1' : '0');
        var cases = new (object Body, bool Expected)[]
        {
            (new { receiveType = "BINANCE_ID", receiverId = binanceId }, true),
            (new { receiveType = "PAY_ID", receiverId = payId }, true),
            (new { receiveType = "PAY_ID", receiverId = binanceId }, false),
            (new { receiveType = "BINANCE_ID", receiverId = binanceId, registrationEmail = mail.ToUpperInvariant() },
                true),
            (new { receiveType = "BINANCE_ID", receiverId = binanceId, registrationEmail = "other@example.com" },
                false),
            (new
            {
                receiveType = "BINANCE_ID", receiverId = binanceId, registrationMobileCode = "+971",
                registrationMobileNumber = mobile,
            }, true),
            (new { receiveType = "BINANCE_ID", receiverId = binanceId, registrationMobileNumber = wrongMobile },
                false),
            (new { receiveType = "BINANCE_ID", receiverId = binanceId, registrationMobileCode = "44" }, false),
            (new { receiveType = "PAY_ID", receiverId = payId, openUserId }, true),
            (new
            {
                receiveType = "PAY_ID", receiverId = payId,
                openUserId = Ids.OpenUserId(buyerId, merchant.Merchant.MerchantId + 1),
            }, false),
            (new
            {
                receiveType = "BINANCE_ID", receiverId = binanceId, registrationEmail = mail,
                registrationMobileCode = "971", registrationMobileNumber = mobile, openUserId,
            }, true),
            (new
            {
                receiveType = "BINANCE_ID", receiverId = binanceId, registrationEmail = mail,
                registrationMobileCode = "971", registrationMobileNumber = mobile, openUserId = "0123",
            }, false),
            (new { receiveType = "BINANCE_ID", receiverId = "1" }, false),
            (new { receiveType = "BINANCE_ID", receiverId = "not-a-number" }, false),
        };
        foreach (var (body, expected) in cases)
        {
            var answer = await merchant.PostAsync(Path, body);
            answer.Code.ShouldBe("000000", answer.ToString());
            answer.Data.GetBoolean().ShouldBe(expected, System.Text.Json.JsonSerializer.Serialize(body));
        }
    }

    [Fact]
    public async Task Shared_buyers_are_receivers_for_every_merchant_and_a_foreign_buyer_for_none()
    {
        var owner = Server.Signed(await Server.CreateMerchantAsync());
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var ownBinanceId = (await ChosenBuyerAsync(owner)).BinanceId;
        var shared = (await Server.AdminPostAsync("/admin/buyers", new { name = "Shared receiver" })).Data;
        var sharedId = shared.GetProperty("binanceId").GetInt64().ToString(CultureInfo.InvariantCulture);

        (await Check(owner, ownBinanceId)).ShouldBeTrue();
        (await Check(other, ownBinanceId)).ShouldBeFalse();
        (await Check(owner, sharedId)).ShouldBeTrue();
        (await Check(other, sharedId)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("{\"receiveType\":\"EMAIL\",\"receiverId\":\"a@b.c\"}", "400102")]
    [InlineData("{\"receiverId\":\"123\"}", "400100")]
    [InlineData("{\"receiveType\":\"BINANCE_ID\"}", "400100")]
    [InlineData("{\"receiveType\":\"BINANCE_ID\",\"receiverId\":123}", "000000")]
    public async Task The_request_is_validated(string body, string code)
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync());
        var answer = await merchant.PostRawAsync(Path, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }

    [Fact]
    public async Task The_SDK_checks_a_receiver_with_every_field()
    {
        var merchant = await Server.CreateMerchantAsync();
        var (buyerId, binanceId, _, mobile) = await ChosenBuyerAsync(Server.Signed(merchant));
        var client = new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret));
        var request = new ReceiverCheckRequest
        {
            ReceiveType = ReceiveTypes.BinanceId,
            ReceiverId = binanceId,
            RegistrationEmail = $"rx.{binanceId}@example.com",
            RegistrationMobileNumber = mobile,
            RegistrationMobileCode = "971",
            OpenUserId = Ids.OpenUserId(buyerId, merchant.MerchantId),
        };
        (await client.Payouts.CheckReceiverAsync(request, Ct)).ShouldBeTrue();
        (await client.Payouts.CheckReceiverAsync(request with { RegistrationMobileCode = "1" }, Ct)).ShouldBeFalse();
        var refused = await Should.ThrowAsync<CitrineApiException>(() =>
            client.Payouts.CheckReceiverAsync(request with { ReceiveType = "PHONE" }, Ct));
        refused.Code.ShouldBe("400102");
    }

    /// <summary>A buyer of the merchant with a chosen identity: e-mail <c>rx.{binanceId}@example.com</c>, phone
    /// +971 and a 9-digit number derived from the Binance ID (each unique on the shared server).</summary>
    private static async Task<(long BuyerId, string BinanceId, string PayId, string Mobile)> ChosenBuyerAsync(
        SignedHttp merchant)
    {
        var binanceId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var payId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var mobile = (100_000_000 + (binanceId % 900_000_000)).ToString(CultureInfo.InvariantCulture);
        var created = await merchant.PostAsync("/sandbox/buyers", new
        {
            name = "Receiver",
            binanceId,
            payId,
            email = $"rx.{binanceId}@example.com",
            mobileCode = "971",
            mobileNumber = mobile,
        });
        created.Code.ShouldBe("000000", created.ToString());
        return (created.Data.GetProperty("buyerId").GetInt64(), binanceId.ToString(CultureInfo.InvariantCulture),
            payId.ToString(CultureInfo.InvariantCulture), mobile);
    }

    private static async Task<bool> Check(SignedHttp merchant, string binanceId)
    {
        var answer = await merchant.PostAsync(Path, new { receiveType = "BINANCE_ID", receiverId = binanceId });
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetBoolean();
    }
}

public sealed class SqliteReceiverCheckTests(SqlitePaymentServer fixture)
    : ReceiverCheckTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresReceiverCheckTests(PostgresPaymentServer fixture)
    : ReceiverCheckTests(fixture), IClassFixture<PostgresPaymentServer>;

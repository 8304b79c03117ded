using System.Globalization;
using System.Text.Json;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Buyers;

/// <summary>
/// Every buyer has a Binance ID, a Pay ID, an e-mail and a phone, generated unless chosen, each unique (the database
/// decides), shown by the admin and sandbox APIs (docs/sandbox.md#buyers).
/// </summary>
public abstract class BuyerIdentityTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_new_buyer_gets_a_generated_identity()
    {
        var created = await Server.AdminPostAsync("/admin/buyers", new { name = "Generated" });
        created.Code.ShouldBe("000000", created.ToString());
        var buyer = created.Data;
        buyer.GetProperty("binanceId").GetInt64().ShouldBeInRange(2_000_000_000, 9_999_999_999);
        buyer.GetProperty("payId").GetInt64().ShouldBeInRange(100_000_000, 999_999_999);
        buyer.GetProperty("email").GetString()!.ShouldEndWith("@sandbox.citrine.test");
        buyer.GetProperty("mobileCode").GetString().ShouldBe("1");
        buyer.GetProperty("mobileNumber").GetString()!.ShouldMatch("^555[0-9]{7}$");
        buyer.GetProperty("shared").GetBoolean().ShouldBeTrue();

        var read = await Server.AdminGetAsync(string.Create(CultureInfo.InvariantCulture,
            $"/admin/buyers/{buyer.GetProperty("buyerId").GetInt64()}"));
        read.Data.GetProperty("binanceId").GetInt64().ShouldBe(buyer.GetProperty("binanceId").GetInt64());
        read.Data.GetProperty("email").GetString().ShouldBe(buyer.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Concurrent_creates_get_distinct_identities()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Server.AdminPostAsync("/admin/buyers", new { name = "Crowd " + i })));
        created.ShouldAllBe(a => a.Code == "000000");
        foreach (var part in new[] { "buyerId", "binanceId", "payId" })
        {
            created.Select(a => a.Data.GetProperty(part).GetInt64()).Distinct().Count().ShouldBe(40, part);
        }

        created.Select(a => a.Data.GetProperty("email").GetString()).Distinct().Count().ShouldBe(40);
        created.Select(a => a.Data.GetProperty("mobileNumber").GetString()).Distinct().Count().ShouldBe(40);
    }

    [Fact]
    public async Task A_chosen_identity_is_kept_and_a_taken_part_is_refused_naming_it()
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync());
        var binanceId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var payId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var mobile = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var email = $"Ann.{binanceId}@Example.com";
        var chosen = await merchant.PostAsync("/sandbox/buyers", new
        {
            name = "Ann",
            binanceId,
            payId,
            email,
            mobileCode = "971",
            mobileNumber = mobile,
        });
        chosen.Code.ShouldBe("000000", chosen.ToString());
        chosen.Data.GetProperty("binanceId").GetInt64().ShouldBe(binanceId);
        chosen.Data.GetProperty("payId").GetInt64().ShouldBe(payId);
        chosen.Data.GetProperty("email").GetString().ShouldBe(email.ToLowerInvariant());
        chosen.Data.GetProperty("mobileCode").GetString().ShouldBe("971");
        chosen.Data.GetProperty("mobileNumber").GetString().ShouldBe(mobile);

        var clashes = new (string Part, object Body)[]
        {
            ("binanceId", new { name = "Copy", binanceId }),
            ("payId", new { name = "Copy", payId }),
            ("email", new { name = "Copy", email = email.ToUpperInvariant() }),
            ("mobileNumber", new { name = "Copy", mobileCode = "971", mobileNumber = mobile }),
        };
        foreach (var (part, body) in clashes)
        {
            var byAdmin = await Server.AdminPostAsync("/admin/buyers", body);
            byAdmin.Code.ShouldBe("400102", part);
            byAdmin.ErrorMessage.ShouldBe(part + ": another sandbox buyer already has it");
            (await merchant.PostAsync("/sandbox/buyers", body)).Code.ShouldBe("400102", part);
        }

        (await Server.QueryDbAsync("SELECT COUNT(*) FROM buyers WHERE name = 'Copy'", r => r.GetInt64(0)))
            .ShouldBe([0L]);

        // The same number under another country code is another phone.
        var otherCountry = await Server.AdminPostAsync("/admin/buyers",
            new { name = "Other country", mobileCode = "44", mobileNumber = mobile });
        otherCountry.Code.ShouldBe("000000", otherCountry.ToString());
    }

    [Theory]
    [InlineData("{\"name\":\"X\",\"binanceId\":0}", "400102", "binanceId: a number from 1 to 999999999999999")]
    [InlineData("{\"name\":\"X\",\"payId\":1000000000000000}", "400102", "payId: a number from 1 to 999999999999999")]
    [InlineData("{\"name\":\"X\",\"email\":\"no-at-sign\"}", "400102", "email: an e-mail address (local@domain, no spaces)")]
    [InlineData("{\"name\":\"X\",\"email\":\"a b@c.d\"}", "400102", "email: an e-mail address (local@domain, no spaces)")]
    [InlineData("{\"name\":\"X\",\"mobileCode\":\"+1\"}", "400102", "mobileCode: 1 to 4 digits")]
    [InlineData("{\"name\":\"X\",\"mobileNumber\":\"12\"}", "400102", "mobileNumber: 4 to 15 digits")]
    [InlineData("{\"name\":\"X\",\"shared\":\"maybe\"}", "400100", null)]
    public async Task A_malformed_identity_is_refused(string body, string code, string? message)
    {
        var admin = await Server.AdminPostAsync("/admin/buyers", JsonDocument.Parse(body).RootElement);
        admin.Code.ShouldBe(code, admin.ToString());
        if (message is not null)
        {
            // The same rules on the merchant's create (which has no "shared" field).
            admin.ErrorMessage.ShouldBe(message);
            var merchant = Server.Signed(await Server.CreateMerchantAsync());
            var answer = await merchant.PostRawAsync("/sandbox/buyers", body);
            answer.Code.ShouldBe(code, answer.ToString());
            answer.ErrorMessage.ShouldBe(message);
        }
    }

    [Fact]
    public async Task A_merchants_buyer_is_its_own_whatever_owner_or_sharing_the_body_names()
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync());
        var other = await Server.CreateMerchantAsync();
        var answer = await merchant.PostAsync("/sandbox/buyers",
            new { name = "Mine", shared = true, merchantId = other.MerchantId });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("merchantId").GetInt64().ShouldBe(merchant.Merchant.MerchantId);
        answer.Data.GetProperty("shared").GetBoolean().ShouldBeFalse();
    }
}

public sealed class SqliteBuyerIdentityTests(SqlitePaymentServer fixture)
    : BuyerIdentityTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresBuyerIdentityTests(PostgresPaymentServer fixture)
    : BuyerIdentityTests(fixture), IClassFixture<PostgresPaymentServer>;

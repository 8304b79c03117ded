using System.Globalization;
using Citrine.Testing;

namespace Citrine.Server.Tests.Merchants;

/// <summary>Payer verification over real HTTP (docs/api-reference.md#payer-verification): the merchant's items
/// compared with the sandbox buyer's KYC profile, the order extension, and the codes of unknown payers, unpaid and
/// foreign orders and incomplete KYC (docs/compatibility.md#payer-verification).</summary>
public abstract class PayerVerificationTests(ServerFixture fixture)
{
    public const string Path = "/binancepay/openapi/order/payer/verification";

    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> MerchantAsync() => Server.Signed(await Server.CreateMerchantAsync("Verifier"));

    /// <summary>A shared buyer with a full KYC profile; its id and Binance ID.</summary>
    private async Task<(long BuyerId, string BinanceId, string PayId)> PayerAsync(bool incomplete = false)
    {
        var answer = await Server.AdminPostAsync("/admin/buyers", new
        {
            name = "Alice",
            funds = new Dictionary<string, object> { ["USDT"] = "1000" },
            firstName = "Alice",
            lastName = "Smith",
            dateOfBirth = "1990-01-31",
            nationality = "SG",
            countryOfResidence = "GB",
            kycIncomplete = incomplete,
        });
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        return (data.GetProperty("buyerId").GetInt64(), Id(data.GetProperty("binanceId").GetInt64()),
            Id(data.GetProperty("payId").GetInt64()));
    }

    private static object[] Items(params (string Category, string Value)[] items) =>
        [.. items.Select(i => new { category = i.Category, value = i.Value })];

    [Fact]
    public async Task Matching_items_answer_true_and_any_mismatch_false()
    {
        var client = await MerchantAsync();
        var payer = await PayerAsync();
        var match = await client.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            information = Items(("FIRST_NAME", "alice "), ("LAST_NAME", "Smith"), ("DATE_OF_BIRTH", "1990-01-31"),
                ("NATIONALITY", "SG")),
        });
        match.Code.ShouldBe("000000", match.ToString());
        match.Data.GetBoolean().ShouldBeTrue();

        var mismatch = await client.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            information = Items(("FIRST_NAME", "Alice"), ("DATE_OF_BIRTH", "1990-02-01")),
        });
        mismatch.Code.ShouldBe("000000", mismatch.ToString());
        mismatch.Data.GetBoolean().ShouldBeFalse();

        // The older revision's accountId (the Pay ID) names the same payer; a document never matches.
        var byAccount = await client.PostAsync(Path, new
        {
            accountId = payer.PayId,
            payerType = "INDIVIDUAL",
            information = Items(("NATIONALITY", "SG")),
        });
        byAccount.Data.GetBoolean().ShouldBeTrue(byAccount.ToString());
        var document = await client.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            information = Items(("DOCUMENT_TYPE", "PASSPORT")),
        });
        document.Data.GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_KYC_profile_set_through_the_sandbox_is_what_is_compared()
    {
        var client = await MerchantAsync();
        var created = await client.PostAsync("/sandbox/buyers", new { name = "Bob" });
        var buyerId = created.Data.GetProperty("buyerId").GetInt64();
        var binanceId = Id(created.Data.GetProperty("binanceId").GetInt64());
        var set = await client.PostAsync("/sandbox/buyers/kyc",
            new { buyerId, firstName = "Bob", lastName = "Lee", dateOfBirth = "1985-06-15", nationality = "US" });
        set.Code.ShouldBe("000000", set.ToString());
        set.Data.GetProperty("kyc").GetProperty("lastName").GetString().ShouldBe("Lee");
        var answer = await client.PostAsync(Path, new
        {
            binanceId,
            payerType = "INDIVIDUAL",
            information = Items(("LAST_NAME", "Lee"), ("DATE_OF_BIRTH", "1985-06-15")),
        });
        answer.Data.GetBoolean().ShouldBeTrue(answer.ToString());

        // Another merchant can neither set nor verify this merchant's buyer.
        var other = await MerchantAsync();
        (await other.PostAsync("/sandbox/buyers/kyc", new { buyerId, firstName = "Eve" })).Code.ShouldBe("409002");
        var foreign = await other.PostAsync(Path, new { binanceId, payerType = "INDIVIDUAL" });
        foreign.Code.ShouldBe("400601", foreign.ToString());
    }

    [Fact]
    public async Task KYC_incomplete_answers_409004()
    {
        var payer = await PayerAsync(incomplete: true);
        var answer = await (await MerchantAsync()).PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            information = Items(("FIRST_NAME", "Alice")),
        });
        answer.Code.ShouldBe("409004", answer.ToString());
    }

    [Fact]
    public async Task An_unknown_payer_is_400601()
    {
        var client = await MerchantAsync();
        var answer = await client.PostAsync(Path, new { binanceId = "1", payerType = "INDIVIDUAL" });
        answer.Code.ShouldBe("400601", answer.ToString());
        answer.ErrorMessage.ShouldBe("binanceId: no payer 1");
        (await client.PostAsync(Path, new { binanceId = "99999999999999999999", payerType = "INDIVIDUAL" })).Code
            .ShouldBe("400601");
    }

    [Fact]
    public async Task The_order_extension_needs_a_paid_order_of_the_caller_paid_by_this_payer()
    {
        var client = await MerchantAsync();
        var payer = await PayerAsync();
        var paid = await client.CreateOrderAsync();
        (await client.SandboxPayAsync(paid, payer.BuyerId)).Code.ShouldBe("000000");
        var ok = await client.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            prepayId = Id(paid),
            information = Items(("FIRST_NAME", "Alice")),
        });
        ok.Code.ShouldBe("000000", ok.ToString());
        ok.Data.GetBoolean().ShouldBeTrue();

        var unpaid = await client.CreateOrderAsync();
        var open = await client.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            prepayId = Id(unpaid),
        });
        open.Code.ShouldBe("400204", open.ToString());

        var otherPayer = await PayerAsync();
        var notThePayer = await client.PostAsync(Path, new
        {
            binanceId = otherPayer.BinanceId,
            payerType = "INDIVIDUAL",
            prepayId = Id(paid),
        });
        notThePayer.Code.ShouldBe("400601", notThePayer.ToString());

        // Another merchant naming this order gets "order not found", as for an order that does not exist.
        var other = await MerchantAsync();
        var foreign = await other.PostAsync(Path, new
        {
            binanceId = payer.BinanceId,
            payerType = "INDIVIDUAL",
            prepayId = Id(paid),
        });
        foreign.Code.ShouldBe("400202", foreign.ToString());
        (await client.PostAsync(Path, new { binanceId = payer.BinanceId, payerType = "INDIVIDUAL", prepayId = "1" }))
            .Code.ShouldBe("400202");
    }

    public static TheoryData<string, object, string> FieldCases => new()
    {
        { "no payer id", new { payerType = "INDIVIDUAL" }, "400100" },
        { "no payerType", new { binanceId = "1" }, "400100" },
        { "payerType PERSON", new { binanceId = "1", payerType = "PERSON" }, "400102" },
        { "binanceId letters", new { binanceId = "12ab", payerType = "INDIVIDUAL" }, "400103" },
        {
            "corporate category for an individual",
            new { binanceId = "1", payerType = "INDIVIDUAL", information = new[] { new { category = "COMPANY_NAME", value = "X" } } },
            "400102"
        },
        {
            "date not YYYY-MM-DD",
            new { binanceId = "1", payerType = "INDIVIDUAL", information = new[] { new { category = "DATE_OF_BIRTH", value = "31/01/1990" } } },
            "400102"
        },
        {
            "nationality not ISO-2",
            new { binanceId = "1", payerType = "INDIVIDUAL", information = new[] { new { category = "NATIONALITY", value = "Singapore" } } },
            "400102"
        },
        {
            "unknown category",
            new { binanceId = "1", payerType = "INDIVIDUAL", information = new[] { new { category = "SHOE_SIZE", value = "9" } } },
            "400102"
        },
    };

    [Theory]
    [MemberData(nameof(FieldCases))]
    public async Task Field_rules_answer_their_codes(string name, object body, string code)
    {
        var answer = await (await MerchantAsync()).PostAsync(Path, body);
        answer.Code.ShouldBe(code, $"{name}: {answer}");
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class SqlitePayerVerificationTests(SqliteServer fixture)
    : PayerVerificationTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresPayerVerificationTests(PostgresServer fixture)
    : PayerVerificationTests(fixture), IClassFixture<PostgresServer>;

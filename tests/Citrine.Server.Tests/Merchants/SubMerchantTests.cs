using System.Globalization;
using Citrine.Testing;

namespace Citrine.Server.Tests.Merchants;

/// <summary>Create and Modify Sub-merchant over real HTTP (docs/api-reference.md#sub-merchants): the current field
/// table and its conditional requirements, name uniqueness decided by the database under concurrency, modify as a
/// full replacement by the owning partner only, and blocked payer KYC countries refusing payment
/// (docs/compatibility.md#sub-merchants).</summary>
public abstract class SubMerchantTests(ServerFixture fixture)
{
    public const string AddPath = "/binancepay/openapi/submerchant/add";
    public const string ModifyPath = "/binancepay/openapi/submerchant/modify";

    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> PartnerAsync() => Server.Signed(await Server.CreateMerchantAsync("Partner"));

    /// <summary>A valid online store body with a unique name, changed by <paramref name="edit"/>.</summary>
    public static Dictionary<string, object?> Online(Action<Dictionary<string, object?>>? edit = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["merchantName"] = "Shop " + Guid.NewGuid().ToString("N")[..12],
            ["storeType"] = 0,
            ["merchantMcc"] = "1040",
            ["siteUrl"] = "https://shop.example",
        };
        edit?.Invoke(body);
        return body;
    }

    public static TheoryData<string, string, string> FieldCases => new()
    {
        // Case, edit (field=value or field=- to remove), code.
        { "storeType missing", "storeType=-", "400100" },
        { "storeType 2", "storeType=2", "400102" },
        { "merchantMcc missing", "merchantMcc=-", "400100" },
        { "merchantMcc not in the list", "merchantMcc=5812", "400102" },
        { "merchantMcc 5 digits", "merchantMcc=10400", "400101" },
        { "online store without siteUrl", "siteUrl=-", "400100" },
        { "physical store without address", "storeType=1", "400100" },
        { "both without address", "storeType=-1", "400100" },
        { "MCC 9999 without payIndustryDescription", "merchantMcc=9999", "400100" },
        { "subPayMccCode 9999 without subPayIndustryDescription", "subPayMccCode=9999", "400100" },
        { "subPayMccCode not in the list", "subPayMccCode=0001", "400102" },
        { "merchantType 6", "merchantType=6", "400102" },
        { "merchantType 0", "merchantType=0", "400102" },
        { "country lower case", "country=sg", "400102" },
        { "country unknown code", "country=SG,XX", "400102" },
        { "country GO with another", "country=GO,US", "400102" },
        { "registrationCountry unknown", "registrationCountry=ZZ", "400102" },
        { "certificateType 3", "certificateType=3", "400102" },
        { "siteType 5", "siteType=5", "400102" },
        { "blockPayerKycCountries unknown code", "blockPayerKycCountries=QQ", "400102" },
        { "merchantName too long", "merchantName=" + new string('n', 129), "400101" },
        { "payIndustryDescription too long", "payIndustryDescription=" + new string('d', 501), "400101" },
        { "incorporationDate 0", "incorporationDate=0", "400102" },
    };

    [Theory]
    [MemberData(nameof(FieldCases))]
    public async Task Add_field_rules_answer_their_codes(string name, string edit, string code)
    {
        var body = Online(b => Apply(b, edit));
        var answer = await (await PartnerAsync()).PostAsync(AddPath, body);
        answer.Code.ShouldBe(code, $"{name}: {answer}");
    }

    public static TheoryData<string, string[]> AcceptedCases => new()
    {
        { "online with siteUrl", [] },
        { "physical with address", ["storeType=1", "siteUrl=-", "address=1 Harbour Road"] },
        { "both with siteUrl and address", ["storeType=-1", "address=1 Harbour Road"] },
        { "MCC 9999 with payIndustryDescription", ["merchantMcc=9999", "payIndustryDescription=Kite repairs"] },
        { "sub MCC 9999 with its description", ["subPayMccCode=9999", "subPayIndustryDescription=Kites"] },
        { "country list", ["country=SG,US"] },
        { "country GO", ["country=GO"] },
    };

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public async Task Add_accepts_each_store_type_with_its_required_fields(string name, string[] edits)
    {
        var body = Online(b =>
        {
            foreach (var edit in edits)
            {
                Apply(b, edit);
            }
        });
        var answer = await (await PartnerAsync()).PostAsync(AddPath, body);
        answer.Code.ShouldBe("000000", $"{name}: {answer}");
    }

    [Fact]
    public async Task Every_field_of_the_table_is_accepted_and_the_id_is_16_digits()
    {
        var body = Online(b =>
        {
            b["storeType"] = -1;
            b["address"] = "1 Harbour Road, Singapore";
            b["merchantType"] = 4;
            b["country"] = "SG,US";
            b["payIndustryDescription"] = "Ice cream";
            b["subPayMccCode"] = "1040";
            b["subPayIndustryDescription"] = "Dessert";
            b["brandLogo"] = "https://shop.example/logo.png";
            b["companyName"] = "Ice Pte Ltd";
            b["registrationNumber"] = "201912345K";
            b["registrationCountry"] = "SG";
            b["registrationAddress"] = "1 Harbour Road";
            b["incorporationDate"] = 1_577_836_800_000L;
            b["certificateType"] = 2;
            b["certificateCountry"] = "SG";
            b["certificateNumber"] = "E1234567";
            b["certificateValidDate"] = 1_893_456_000_000L;
            b["contractTimeIsv"] = 1_700_000_000_000L;
            b["blockPayerKycCountries"] = new[] { "US", "KP" };
            b["siteType"] = 1;
            b["siteName"] = "Ice";
            b["mainMerchantId"] = "12345";
        });
        var answer = await (await PartnerAsync()).PostAsync(AddPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        var id = answer.Data.GetProperty("subMerchantId").GetInt64();
        id.ToString(CultureInfo.InvariantCulture).Length.ShouldBe(16);
    }

    [Fact]
    public async Task A_name_is_unique_under_one_partner_only()
    {
        var partner = await PartnerAsync();
        var body = Online();
        (await partner.PostAsync(AddPath, body)).Code.ShouldBe("000000");
        var again = await partner.PostAsync(AddPath, body);
        again.Code.ShouldBe("400205", again.ToString());
        again.ErrorMessage.ShouldBe("merchantName: a sub-merchant of this name already exists");

        // Another partner may use the same name.
        (await (await PartnerAsync()).PostAsync(AddPath, body)).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Concurrent_adds_of_one_name_create_exactly_one_sub_merchant()
    {
        var partner = await PartnerAsync();
        var body = Online();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => partner.PostAsync(AddPath, body)));
        answers.Count(a => a.Code == "000000").ShouldBe(1, string.Join("\n", answers.Select(a => a.ToString())));
        answers.Count(a => a.Code == "400205").ShouldBe(7);
    }

    [Fact]
    public async Task Modify_replaces_the_fields_and_keeps_names_unique()
    {
        var partner = await PartnerAsync();
        var first = Online();
        var id = await AddAsync(partner, first);
        var second = Online();
        await AddAsync(partner, second);

        var renamed = Online(b =>
        {
            b["subMerchantId"] = id;
            b["storeType"] = 1;
            b.Remove("siteUrl");
            b["address"] = "2 Harbour Road";
        });
        var modified = await partner.PostAsync(ModifyPath, renamed);
        modified.Code.ShouldBe("000000", modified.ToString());
        modified.Data.GetProperty("subMerchantId").GetInt64().ToString(CultureInfo.InvariantCulture).ShouldBe(id);

        // The old name is free again; the other sub-merchant's name is not.
        (await partner.PostAsync(AddPath, first)).Code.ShouldBe("000000");
        var clash = await partner.PostAsync(ModifyPath, Online(b =>
        {
            b["subMerchantId"] = id;
            b["merchantName"] = second["merchantName"];
        }));
        clash.Code.ShouldBe("400205", clash.ToString());

        // Keeping its own name is no clash; the rules of add apply (a physical store needs its address).
        var same = await partner.PostAsync(ModifyPath, renamed);
        same.Code.ShouldBe("000000", same.ToString());
        var noAddress = await partner.PostAsync(ModifyPath, Online(b =>
        {
            b["subMerchantId"] = id;
            b["storeType"] = 1;
        }));
        noAddress.Code.ShouldBe("400100", noAddress.ToString());
    }

    [Fact]
    public async Task Modify_of_an_unknown_or_another_partners_sub_merchant_is_400206()
    {
        var owner = await PartnerAsync();
        var id = await AddAsync(owner, Online());
        var intruder = await PartnerAsync();
        var foreign = await intruder.PostAsync(ModifyPath, Online(b => b["subMerchantId"] = id));
        foreign.Code.ShouldBe("400206", foreign.ToString());
        foreign.ErrorMessage.ShouldBe($"subMerchantId: sub-merchant {id} not found");
        var unknown = await owner.PostAsync(ModifyPath, Online(b => b["subMerchantId"] = "1000000000000001"));
        unknown.Code.ShouldBe("400206", unknown.ToString());
        var huge = await owner.PostAsync(ModifyPath, Online(b => b["subMerchantId"] = "9999999999999999999"));
        huge.Code.ShouldBe("400206", huge.ToString());
        var letters = await owner.PostAsync(ModifyPath, Online(b => b["subMerchantId"] = "12ab"));
        letters.Code.ShouldBe("400103", letters.ToString());
        (await owner.PostAsync(ModifyPath, Online())).Code.ShouldBe("400100");
    }

    [Fact]
    public async Task A_blocked_payer_country_refuses_payment_until_modify_lifts_it()
    {
        var partner = await PartnerAsync();
        var body = Online(b => b["blockPayerKycCountries"] = new[] { "KP", "US" });
        var subId = await AddAsync(partner, body);
        var american = await BuyerWithKycAsync(nationality: "US", residence: "SG");
        var resident = await BuyerWithKycAsync(nationality: "SG", residence: "US");
        var singaporean = await BuyerWithKycAsync(nationality: "SG", residence: "SG");

        var order = await partner.CreateOrderAsync(Under(subId));
        var refused = await partner.SandboxPayAsync(order, american);
        refused.Code.ShouldBe("409003", refused.ToString());
        refused.ErrorMessage.ShouldBe(
            $"buyer {american}: sub-merchant {subId} blocks payers whose KYC country is US");
        (await partner.SandboxPayAsync(order, resident)).Code.ShouldBe("409003");
        (await partner.QueryAsync(order)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");

        // An order without the sub-merchant is not affected; a buyer of another country pays.
        var plain = await partner.CreateOrderAsync();
        (await partner.SandboxPayAsync(plain, american)).Code.ShouldBe("000000");
        var other = await partner.CreateOrderAsync(Under(subId));
        (await partner.SandboxPayAsync(other, singaporean)).Code.ShouldBe("000000");

        // Modify lifts the block, and it applies to the open order at once.
        body["subMerchantId"] = subId;
        body["blockPayerKycCountries"] = new[] { "KP" };
        (await partner.PostAsync(ModifyPath, body)).Code.ShouldBe("000000");
        var paid = await partner.SandboxPayAsync(order, american);
        paid.Code.ShouldBe("000000", paid.ToString());
    }

    private async Task<long> BuyerWithKycAsync(string nationality, string residence)
    {
        var answer = await Server.AdminPostAsync("/admin/buyers", new
        {
            name = "Payer",
            funds = new Dictionary<string, object> { ["USDT"] = "1000" },
            nationality,
            countryOfResidence = residence,
        });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("kyc").GetProperty("nationality").GetString().ShouldBe(nationality);
        return answer.Data.GetProperty("buyerId").GetInt64();
    }

    private static Dictionary<string, object?> Under(string subMerchantId)
    {
        var body = Orders.V2();
        body["merchant"] = new Dictionary<string, object?> { ["subMerchantId"] = subMerchantId };
        return body;
    }

    public static async Task<string> AddAsync(SignedHttp partner, Dictionary<string, object?> body)
    {
        var answer = await partner.PostAsync(AddPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetProperty("subMerchantId").GetInt64().ToString(CultureInfo.InvariantCulture);
    }

    private static void Apply(Dictionary<string, object?> body, string edit)
    {
        var at = edit.IndexOf('=', StringComparison.Ordinal);
        var (field, value) = (edit[..at], edit[(at + 1)..]);
        if (value == "-")
        {
            body.Remove(field);
        }
        else if (field == "blockPayerKycCountries")
        {
            body[field] = value.Split(',');
        }
        else
        {
            body[field] = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                          && field is not ("merchantMcc" or "subPayMccCode" or "country" or "merchantName")
                ? n
                : value;
        }
    }
}

public sealed class SqliteSubMerchantTests(SqliteServer fixture) : SubMerchantTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresSubMerchantTests(PostgresServer fixture)
    : SubMerchantTests(fixture), IClassFixture<PostgresServer>;

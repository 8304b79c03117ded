using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>Create Contract (docs/api-reference.md#create-contract): every field rule, accepted and refused, through
/// real HTTP.</summary>
public abstract class CreateContractTests(ServerFixture fixture)
{
    private const long Day = 86_400_000;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_one_off_contract_is_created_with_the_documented_answer_and_default_times()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var answer = await client.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff());
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        answer.Code.ShouldBe("000000", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        var data = answer.Data;
        data.GetProperty("merchantId").ValueKind.ShouldBe(JsonValueKind.Number);
        data.GetProperty("merchantId").GetInt64().ShouldBe(client.Merchant.MerchantId);
        data.GetProperty("preContractId").ValueKind.ShouldBe(JsonValueKind.String);
        data.GetProperty("preContractId").GetString()!.ShouldMatch("^[0-9]{1,19}$");
        // Defaults: the buyer has 1 hour to sign; the contract lasts the longest allowed, 1095 days.
        data.GetProperty("requestExpireTime").GetInt64().ShouldBeInRange(before + 3_600_000, after + 3_600_000);
        data.GetProperty("contractEndTime").GetInt64().ShouldBeInRange(before + 1095 * Day, after + 1095 * Day);
        var page = data.GetProperty("qrContent").GetString()!;
        page.ShouldStartWith(Server.BaseUri.ToString().TrimEnd('/') + "/contract/");
        data.GetProperty("deeplink").GetString().ShouldBe(page);
        data.GetProperty("qrcodeLink").GetString().ShouldBe(page + "/qr.png");
    }

    [Fact]
    public async Task The_links_lead_to_the_signing_page_and_a_PNG_QR_code()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var data = await client.CreateContractAsync();

        var html = await Server.Http.GetStringAsync(data.GetProperty("qrContent").GetString());
        html.ShouldContain("Premium plan");
        html.ShouldContain("5.00000000 USDT");
        using var png = await Server.Http.GetAsync(data.GetProperty("qrcodeLink").GetString());
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        var bytes = await png.Content.ReadAsByteArrayAsync();
        bytes[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
    }

    [Fact]
    public async Task A_monthly_contract_with_every_optional_field_is_created_and_queryable()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = ContractBodies.Monthly(now);
        body["requestExpireTime"] = now + 7 * Day;
        body["contractEndTime"] = now + 1095 * Day;
        body["webhookUrl"] = "https://merchant.example/hooks/contracts";
        var data = await client.CreateContractAsync(body);
        data.GetProperty("requestExpireTime").GetInt64().ShouldBe(now + 7 * Day);
        data.GetProperty("contractEndTime").GetInt64().ShouldBe(now + 1095 * Day);

        var query = await client.QueryByCodeAsync(body["merchantContractCode"]!.GetValue<string>());
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("INITIAL");
        query.Data.TryGetProperty("contractId", out _).ShouldBeFalse();
        query.Data.GetProperty("serviceName").GetString().ShouldBe("Premium plan");
        query.Data.GetProperty("merchantAccountNo").GetString().ShouldBe("alice@example.com");
        query.Data.GetProperty("singleUpperLimit").GetRawText().ShouldBe("5.00000000");
        query.Data.GetProperty("currency").GetString().ShouldBe("USDT");
    }

    [Theory]
    [InlineData("oneoff", "singleUpperLimit", "\"5.5\"")]
    [InlineData("oneoff", "singleUpperLimit", "0.00000001")]
    [InlineData("oneoff", "singleUpperLimit", "50")]
    [InlineData("oneoff", "currency", "\"USDC\"")]
    [InlineData("oneoff", "periodic", "\"false\"")]
    [InlineData("oneoff", "merchantAccountNo", "<absent>")]
    [InlineData("oneoff", "merchantContractCode", "\"ABCdef0123456789ABCdef0123456789\"")]
    [InlineData("oneoff", "serviceName", "\"Thirty-two characters, exactly!!\"")]
    [InlineData("oneoff", "webhookUrl", "\"http://127.0.0.1:9/hook\"")]
    [InlineData("oneoff", "requestExpireTime", "now+7d")]
    [InlineData("oneoff", "contractEndTime", "now+1095d")]
    [InlineData("oneoff", "contractEndTime", "now+30m")] // requestExpireTime defaults to it when sooner than 1 h
    [InlineData("oneoff", "cycleType", "\"WEEK\"")] // cycle fields are ignored on a one-off contract
    [InlineData("oneoff", "cycleValue", "\"x\"")]
    [InlineData("monthly", "periodic", "\"true\"")]
    [InlineData("monthly", "cycleValue", "24")]
    [InlineData("monthly", "cycleDebitFixed", "false")]
    [InlineData("monthly", "firstDeductTime", "day28")]
    [InlineData("daily", "cycleValue", "8")]
    [InlineData("daily", "cycleValue", "1095")]
    [InlineData("daily", "firstDeductTime", "day29")] // the 28th-day rule is for MONTH only
    public async Task A_valid_variant_is_accepted(string basis, string field, string value)
    {
        var answer = await CreateAsync(basis, field, value);
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    [Theory]
    [InlineData("oneoff", "merchantContractCode", "<absent>", "400100")]
    [InlineData("oneoff", "merchantContractCode", "\"\"", "400100")]
    [InlineData("oneoff", "merchantContractCode", "{}", "400100")]
    [InlineData("oneoff", "merchantContractCode", "\"ABCdef0123456789ABCdef0123456789x\"", "400101")]
    [InlineData("oneoff", "merchantContractCode", "\"abc-123\"", "400103")]
    [InlineData("oneoff", "serviceName", "<absent>", "400100")]
    [InlineData("oneoff", "serviceName", "\"Thirty-three characters, exactly!\"", "400101")]
    [InlineData("oneoff", "scenarioCode", "<absent>", "400100")]
    [InlineData("oneoff", "scenarioCode", "\"Gambling\"", "400102")]
    [InlineData("oneoff", "scenarioCode", "\"membership\"", "400102")]
    [InlineData("oneoff", "singleUpperLimit", "<absent>", "400100")]
    [InlineData("oneoff", "singleUpperLimit", "\"abc\"", "400100")]
    [InlineData("oneoff", "singleUpperLimit", "0", "400102")]
    [InlineData("oneoff", "singleUpperLimit", "-1", "400102")]
    [InlineData("oneoff", "singleUpperLimit", "1.123456789", "400101")]
    [InlineData("oneoff", "singleUpperLimit", "50.00000001", "400102")] // above the 50 USD cap
    [InlineData("oneoff", "currency", "<absent>", "400100")]
    [InlineData("oneoff", "currency", "\"BTC\"", "400102")]
    [InlineData("oneoff", "currency", "\"EUR\"", "400102")]
    [InlineData("oneoff", "currency", "\"usdt\"", "400102")]
    [InlineData("oneoff", "periodic", "<absent>", "400100")]
    [InlineData("oneoff", "periodic", "\"yes\"", "400100")]
    [InlineData("oneoff", "periodic", "1", "400100")]
    [InlineData("oneoff", "subMerchantId", "\"12345678901234567890\"", "400101")]
    [InlineData("oneoff", "subMerchantId", "\"12ab\"", "400103")]
    [InlineData("oneoff", "subMerchantId", "\"1234567\"", "400206")]
    [InlineData("oneoff", "merchantAccountNo", "\"65-chars-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "400101")]
    [InlineData("oneoff", "webhookUrl", "\"ftp://merchant.example/hook\"", "400102")]
    [InlineData("oneoff", "webhookUrl", "\"not a url\"", "400102")]
    [InlineData("oneoff", "webhookUrl", "url257", "400101")]
    [InlineData("oneoff", "requestExpireTime", "past", "400102")]
    [InlineData("oneoff", "requestExpireTime", "now+8d", "400102")]
    [InlineData("oneoff", "requestExpireTime", "\"soon\"", "400100")]
    [InlineData("oneoff", "contractEndTime", "past", "400102")]
    [InlineData("oneoff", "contractEndTime", "now+1096d", "400102")]
    [InlineData("monthly", "cycleDebitFixed", "<absent>", "400100")]
    [InlineData("monthly", "cycleDebitFixed", "\"fixed\"", "400100")]
    [InlineData("monthly", "cycleType", "<absent>", "400100")]
    [InlineData("monthly", "cycleType", "\"WEEK\"", "400102")]
    [InlineData("monthly", "cycleValue", "<absent>", "400100")]
    [InlineData("monthly", "cycleValue", "\"x\"", "400100")]
    [InlineData("monthly", "cycleValue", "0", "400102")]
    [InlineData("monthly", "cycleValue", "25", "400102")]
    [InlineData("monthly", "firstDeductTime", "<absent>", "400100")]
    [InlineData("monthly", "firstDeductTime", "past", "400102")]
    [InlineData("monthly", "firstDeductTime", "day29", "400102")]
    [InlineData("monthly", "firstDeductTime", "day31", "400102")]
    [InlineData("monthly", "firstDeductTime", "now+1096d", "400102")] // after contractEndTime
    [InlineData("daily", "cycleValue", "7", "400102")]
    [InlineData("daily", "cycleValue", "1096", "400102")]
    public async Task A_broken_rule_is_refused_with_its_code(string basis, string field, string value, string code)
    {
        var answer = await CreateAsync(basis, field, value);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.Status.ShouldBe("FAIL");
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        answer.ErrorMessage!.ShouldContain(field);
    }

    [Fact]
    public async Task A_requestExpireTime_after_contractEndTime_is_400102()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = ContractBodies.OneOff();
        body["contractEndTime"] = now + 2 * 3_600_000;
        body["requestExpireTime"] = now + 3 * 3_600_000;
        var answer = await client.PostNodeAsync(DirectDebitPaths.Create, body);
        answer.Code.ShouldBe("400102", answer.ToString());
        answer.ErrorMessage!.ShouldContain("requestExpireTime");
    }

    [Fact]
    public async Task The_USD_cap_applies_to_USDC_too()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var body = ContractBodies.OneOff();
        body["currency"] = "USDC";
        body["singleUpperLimit"] = 51;
        (await client.PostNodeAsync(DirectDebitPaths.Create, body)).Code.ShouldBe("400102");
    }

    [Fact]
    public async Task Every_documented_scenario_code_is_accepted()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        string[] codes =
        [
            "General_Ecommerce_Platform", "General_Travel", "Car_Rental", "Car_Parking", "Lease", "Catering",
            "Digital_Media", "Membership", "Utility", "Repayment", "Investment", "Ticket", "Mobile_Communication",
            "Virtual_Goods", "Others",
        ];
        foreach (var scenario in codes)
        {
            var body = ContractBodies.OneOff();
            body["scenarioCode"] = scenario;
            var answer = await client.PostNodeAsync(DirectDebitPaths.Create, body);
            answer.Code.ShouldBe("000000", $"{scenario}: {answer}");
        }
    }

    [Fact]
    public async Task An_existing_sub_merchant_is_accepted_as_string_or_number()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var sub = await client.PostAsync("/binancepay/openapi/submerchant/add", new { merchantName = "Branch", storeType = 1, merchantMcc = "1005", address = "1 Road" });
        sub.Code.ShouldBe("000000", sub.ToString());
        var subId = sub.Data.GetProperty("subMerchantId").GetInt64();

        var asString = ContractBodies.OneOff();
        asString["subMerchantId"] = subId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await client.PostNodeAsync(DirectDebitPaths.Create, asString)).Code.ShouldBe("000000");
        var asNumber = ContractBodies.OneOff();
        asNumber["subMerchantId"] = subId;
        (await client.PostNodeAsync(DirectDebitPaths.Create, asNumber)).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Another_merchants_sub_merchant_is_400206()
    {
        var other = await Server.NewDirectDebitMerchantAsync();
        var sub = await other.PostAsync("/binancepay/openapi/submerchant/add", new { merchantName = "Theirs", storeType = 1, merchantMcc = "1005", address = "1 Road" });
        var client = await Server.NewDirectDebitMerchantAsync();
        var body = ContractBodies.OneOff();
        body["subMerchantId"] = sub.Data.GetProperty("subMerchantId").GetInt64();
        (await client.PostNodeAsync(DirectDebitPaths.Create, body)).Code.ShouldBe("400206");
    }

    [Fact]
    public async Task A_duplicate_merchantContractCode_is_400201_but_another_merchant_may_use_it()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));

        var again = ContractBodies.OneOff(code);
        again["serviceName"] = "Other body";
        var duplicate = await client.PostNodeAsync(DirectDebitPaths.Create, again);
        duplicate.Code.ShouldBe("400201", duplicate.ToString());
        duplicate.ErrorMessage!.ShouldContain("merchantContractCode");

        var other = await Server.NewDirectDebitMerchantAsync();
        (await other.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff(code))).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Concurrent_creates_with_one_code_make_one_contract()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => client.PostNodeAsync(DirectDebitPaths.Create, ContractBodies.OneOff(code))));
        answers.Count(a => a.Code == "000000").ShouldBe(1);
        answers.Count(a => a.Code == "400201").ShouldBe(19);
    }

    private async Task<Answer> CreateAsync(string basis, string field, string value)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = basis == "oneoff" ? ContractBodies.OneOff() : ContractBodies.Monthly(now);
        if (basis == "daily")
        {
            body["cycleType"] = "DAY";
            body["cycleValue"] = 30;
        }

        if (value == "<absent>")
        {
            body.Remove(field);
        }
        else
        {
            body[field] = Resolve(value, now);
        }

        return await client.PostNodeAsync(DirectDebitPaths.Create, body);
    }

    // Times relative to now, and values too long to write inline.
    private static JsonNode? Resolve(string value, long now) => value switch
    {
        "past" => now - 60_000,
        "now+30m" => now + 30 * 60_000,
        "now+7d" => now + 7 * Day,
        "now+8d" => now + 8 * Day,
        "now+1095d" => now + 1095 * Day,
        "now+1096d" => now + 1096 * Day,
        "day28" => ContractBodies.DayOfMonthAfter(now, 28),
        "day29" => DayOfMonth(now, 29),
        "day31" => DayOfMonth(now, 31),
        "url257" => "https://merchant.example/" + new string('a', 257 - 25),
        _ => JsonNode.Parse(value),
    };

    /// <summary>A future moment on the given day of a month that has it.</summary>
    private static long DayOfMonth(long now, int day)
    {
        var month = DateTimeOffset.FromUnixTimeMilliseconds(now).AddDays(2);
        for (var i = 0; i < 24; i++, month = month.AddMonths(1))
        {
            if (DateTime.DaysInMonth(month.Year, month.Month) >= day)
            {
                var candidate = new DateTimeOffset(month.Year, month.Month, day, 12, 0, 0, TimeSpan.Zero);
                if (candidate.ToUnixTimeMilliseconds() > now + 86_400_000)
                {
                    return candidate.ToUnixTimeMilliseconds();
                }
            }
        }

        throw new InvalidOperationException("no such day");
    }
}

public sealed class SqliteCreateContractTests(SqliteServer fixture)
    : CreateContractTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresCreateContractTests(PostgresServer fixture)
    : CreateContractTests(fixture), IClassFixture<PostgresServer>;

using System.Reflection;
using Citrine.Contracts;

namespace Citrine.Server.Tests.Catalog;

/// <summary>The one result-code catalog (issue 2 §4): complete against the seed pages
/// (docs/api-reference.md#seed-pages), unique, and with the HTTP statuses of docs/decisions.md#http-status.</summary>
public sealed class ResultCodeCatalogTests
{
    /// <summary>Where the catalog departs from a seed page's printing, and why: the v1 page (an older revision)
    /// misspells 400000 and words two reasons differently; the catalog keeps the spelling the other three pages share
    /// (docs/api-reference.md#result-codes).</summary>
    private static readonly HashSet<(string Seed, string Code, string What)> KnownDepartures =
    [
        ("001_215e14ad988f98d3.txt", "400000", "name"),
        ("001_215e14ad988f98d3.txt", "400004", "reason"),
        ("001_215e14ad988f98d3.txt", "400005", "reason"),
    ];

    public static TheoryData<string, string> SeedRows => new(SeedPages.All
        .SelectMany(page => page.Value.Select(row => (page.Key, row.Code))));

    [Theory]
    [MemberData(nameof(SeedRows))]
    public void Every_seed_code_is_in_the_catalog_with_its_documented_name_and_reason(string seed, string code)
    {
        var row = SeedPages.All[seed].Single(r => r.Code == code);
        var entry = ResultCodes.All.SingleOrDefault(c => c.Code == code);
        entry.ShouldNotBeNull($"{code} {row.Name} of {seed} is missing from ResultCodes.All");

        if (KnownDepartures.Contains((seed, code, "name")))
        {
            entry.Name.ShouldNotBe(row.Name); // still a departure, else remove it from the list
            entry.Name.ShouldBe(SeedPages.CreateOrderV2.Single(r => r.Code == code).Name);
        }
        else
        {
            entry.Name.ShouldBe(row.Name);
        }

        if (KnownDepartures.Contains((seed, code, "reason")))
        {
            entry.Reason.ShouldNotBe(row.Reason);
            entry.Reason.ShouldBe(SeedPages.CreateOrderV2.Single(r => r.Code == code).Reason);
        }
        else
        {
            entry.Reason.ShouldBe(row.Reason);
        }
    }

    [Fact]
    public void Codes_and_names_are_unique_six_digit_strings_in_code_order()
    {
        var codes = ResultCodes.All.Select(c => c.Code).ToList();
        codes.ShouldBeUnique();
        ResultCodes.All.Select(c => c.Name).ShouldBeUnique();
        codes.ShouldAllBe(c => c.Length == 6 && c.All(char.IsAsciiDigit));
        codes.ShouldBe(codes.Order(StringComparer.Ordinal).ToList());
        ResultCodes.All.ShouldAllBe(c => !string.IsNullOrWhiteSpace(c.Reason) && c.Reason.Length <= 256);
    }

    [Fact]
    public void Every_catalog_field_is_listed_in_All()
    {
        var fields = typeof(ResultCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ResultCode)).Select(f => (ResultCode)f.GetValue(null)!).ToList();
        fields.Count.ShouldBeGreaterThan(20);
        fields.ShouldBe(ResultCodes.All, ignoreOrder: true);
    }

    [Fact]
    public void HTTP_statuses_follow_PRODUCT_decision_5()
    {
        foreach (var code in ResultCodes.All)
        {
            var expected = code.Code switch
            {
                "000000" => 200,
                "000001" => 200, // REPEAT_REQ_SUCCESS: a replay answered with its stored result
                "400006" => 405,
                "400007" => 415,
                "400104" => 413,
                "400000" => 500,
                "409901" => 429, // TOO_MANY_REQUESTS: refused unprocessed under load (docs/compatibility.md#backpressure)
                "409902" => 503, // SERVICE_UNAVAILABLE: the database is unreachable, nothing committed
                _ => 400,
            };
            code.HttpStatus.ShouldBe(expected, code.ToString());
        }
    }

    [Fact]
    public void Only_000000_is_success_and_Find_knows_every_code_but_no_other()
    {
        ResultCodes.All.Where(c => c.IsSuccess).ShouldBe([ResultCodes.Success]);
        foreach (var code in ResultCodes.All)
        {
            ResultCodes.Find(code.Code).ShouldBeSameAs(code);
        }

        ResultCodes.Find(null).ShouldBeNull();
        ResultCodes.Find("").ShouldBeNull();
        ResultCodes.Find("100001001").ShouldBeNull(); // Binance's gateway error code (docs/api-reference.md#envelope)
        ResultCodes.Find("400207").ShouldBeNull(); // 400209 is in since profit sharing; 400207 is no documented code
    }
}

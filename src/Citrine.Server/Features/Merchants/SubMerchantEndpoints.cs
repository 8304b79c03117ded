using System.Globalization;
using System.Text.Json.Nodes;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Merchants;
using Citrine.Domain.Identity;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Merchants;

/// <summary>Create and Modify Sub-merchant (docs/api-reference.md#sub-merchants): the current field table of the
/// Binance document, its conditional requirements checked in order (docs/compatibility.md#sub-merchants).</summary>
internal static class SubMerchantEndpoints
{
    private const int MerchantNameMax = 128;
    private const int CountryMax = 1024;
    private const int UrlMax = 256;
    private const int AddressMax = 1024;
    private const int DescriptionMax = 500;
    private const int ShortTextMax = 64;
    private const string Other = "9999";

    /// <summary>Binance's merchant category codes (the document's list, mirrored by the .NET connector's
    /// <c>MccCode</c>); 9999 is "other" and needs a description.</summary>
    public static readonly IReadOnlySet<string> MccCodes = new[]
    {
        "1001", "1002", "1004", "1005", "1006", "1007", "1008", "1009", "1010", "1011", "1012", "1013", "1014",
        "1015", "1016", "1017", "1018", "1019", "1020", "1021", "1022", "1024", "1025", "1026", "1027", "1028",
        "1029", "1030", "1031", "1032", "1033", "1034", "1035", "1036", "1037", "1038", "1039", "1040", "1041",
        "1042", "1043", "1044", "1045", "1046", "1047", Other,
    }.ToHashSet(StringComparer.Ordinal);

    private static readonly Field SubMerchantId = Text("subMerchantId", required: true, 19, lettersOrDigits: true)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "digits only", text => text.All(char.IsAsciiDigit));

    private static readonly Field MerchantName = Text("merchantName", required: true, MerchantNameMax);

    private static readonly Field StoreType = Integer("storeType", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "0 (online), 1 (physical) or -1 (both)",
            type => type is 0 or 1 or -1);

    private static readonly Field MerchantMcc = Mcc("merchantMcc", required: true);

    private static readonly Field MerchantType = Integer("merchantType", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "must be 1 to 5", type => type is >= 1 and <= 5);

    private static readonly Field Country = Text("country", required: false, CountryMax)
        .Check<string>(ResultCodes.InvalidParamWrongValue,
            "ISO 3166-1 alpha-2 codes separated by commas (\"SG,US\"), or GO for global", IsCountryList);

    private static readonly Field SiteUrl = Text("siteUrl", required: false, UrlMax);
    private static readonly Field Address = Text("address", required: false, AddressMax);
    private static readonly Field PayIndustryDescription = Text("payIndustryDescription", false, DescriptionMax);
    private static readonly Field SubPayMccCode = Mcc("subPayMccCode", required: false);
    private static readonly Field SubPayIndustryDescription = Text("subPayIndustryDescription", false, DescriptionMax);
    private static readonly Field BrandLogo = Text("brandLogo", required: false, UrlMax);
    private static readonly Field CompanyName = Text("companyName", required: false, ShortTextMax);
    private static readonly Field RegistrationNumber = Text("registrationNumber", required: false, ShortTextMax);
    private static readonly Field RegistrationCountry = CountryCode("registrationCountry");
    private static readonly Field RegistrationAddress = Text("registrationAddress", required: false, AddressMax);
    private static readonly Field IncorporationDate = Millis("incorporationDate");

    private static readonly Field CertificateType = Integer("certificateType", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "1 (ID) or 2 (passport)", type => type is 1 or 2);

    private static readonly Field CertificateCountry = CountryCode("certificateCountry");
    private static readonly Field CertificateNumber = Text("certificateNumber", required: false, ShortTextMax);
    private static readonly Field CertificateValidDate = Millis("certificateValidDate");
    private static readonly Field ContractTimeIsv = Millis("contractTimeIsv");

    private static readonly Field BlockPayerKycCountries =
        EnumList("blockPayerKycCountries", required: false, [.. Countries.All.Order(StringComparer.Ordinal)],
            Countries.All.Count);

    private static readonly Field SiteType = Integer("siteType", required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "1 (web), 2 (app), 3 (Binance applet) or 4 (other)",
            type => type is >= 1 and <= 4);

    private static readonly Field SiteName = Text("siteName", required: false, 32);

    private static readonly Rule SiteUrlForOnline = Rule("siteUrl for an online store (storeType 0 or -1)",
        ResultCodes.MandatoryParamEmptyOrMalformed, c => c.Values.Number(StoreType) is 0 or -1
                                                       && !c.Values.Has(SiteUrl)
            ? "siteUrl: required for an online store (storeType 0 or -1)"
            : null);

    private static readonly Rule AddressForPhysical = Rule("address for a physical store (storeType 1 or -1)",
        ResultCodes.MandatoryParamEmptyOrMalformed, c => c.Values.Number(StoreType) is 1 or -1
                                                       && !c.Values.Has(Address)
            ? "address: required for a physical store (storeType 1 or -1)"
            : null);

    private static readonly Rule DescriptionForOther = Rule("payIndustryDescription when merchantMcc is 9999",
        ResultCodes.MandatoryParamEmptyOrMalformed, c => c.Values.Text(MerchantMcc) == Other
                                                       && !c.Values.Has(PayIndustryDescription)
            ? "payIndustryDescription: required when merchantMcc is 9999 (other)"
            : null);

    private static readonly Rule SubDescriptionForOther = Rule(
        "subPayIndustryDescription when subPayMccCode is 9999", ResultCodes.MandatoryParamEmptyOrMalformed,
        c => c.Values.Text(SubPayMccCode) == Other && !c.Values.Has(SubPayIndustryDescription)
            ? "subPayIndustryDescription: required when subPayMccCode is 9999 (other)"
            : null);

    private static readonly ShapeItem[] DetailItems =
    [
        MerchantName, StoreType, MerchantMcc, MerchantType, Country, SiteUrl, Address, PayIndustryDescription,
        SubPayMccCode, SubPayIndustryDescription, BrandLogo, CompanyName, RegistrationNumber, RegistrationCountry,
        RegistrationAddress, IncorporationDate, CertificateType, CertificateCountry, CertificateNumber,
        CertificateValidDate, ContractTimeIsv, BlockPayerKycCountries, SiteType, SiteName,
        SiteUrlForOnline, AddressForPhysical, DescriptionForOther, SubDescriptionForOther,
    ];

    public static readonly EndpointDeclaration Add = new()
    {
        Path = "/binancepay/openapi/submerchant/add",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SubMerchantAddRequest),
        Response = typeof(SubMerchantAddResult),
        Request = Shape.Of(DetailItems),
        Handler = AddAsync,
        Summary = "Create Sub-merchant",
        Example = """{"merchantName":"Ice Cream Stand","storeType":0,"merchantMcc":"1040","merchantType":4,"country":"SG,US","siteUrl":"https://icecream.example"}""",
        Codes = [ResultCodes.SubMerchantExists],
    };

    public static readonly EndpointDeclaration Modify = new()
    {
        Path = "/binancepay/openapi/submerchant/modify",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(SubMerchantModifyRequest),
        Response = typeof(SubMerchantAddResult),
        Request = Shape.Of([SubMerchantId, .. DetailItems]),
        Handler = ModifyAsync,
        Summary = "Modify Sub-merchant (a full replacement of its fields)",
        Example = """{"subMerchantId":"1000000123456789","merchantName":"Ice Cream Stand","storeType":1,"merchantMcc":"1040","address":"1 Harbour Road, Singapore","blockPayerKycCountries":["US"]}""",
        Codes = [ResultCodes.SubMerchantExists, ResultCodes.SubMerchantInvalid],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Add, Modify];

    private static async Task<IResult> AddAsync(Inbound request, MerchantAdmin merchants,
        CancellationToken cancellationToken)
    {
        var result = await merchants.AddSubMerchantAsync(request.MerchantId, request.Fields.Text(MerchantName)!,
            Profile(request), Blocked(request), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, sub => new SubMerchantAddResult { SubMerchantId = sub.SubMerchantId });
    }

    private static async Task<IResult> ModifyAsync(Inbound request, MerchantAdmin merchants,
        CancellationToken cancellationToken)
    {
        // At most 19 digits, so only an id above long's range fails to parse: it names no sub-merchant.
        var id = long.TryParse(request.Fields.Text(SubMerchantId), NumberStyles.None, CultureInfo.InvariantCulture,
            out var parsed)
            ? parsed
            : -1;
        var result = await merchants.ModifySubMerchantAsync(request.MerchantId, id, request.Fields.Text(MerchantName)!,
            Profile(request), Blocked(request), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, sub => new SubMerchantAddResult { SubMerchantId = sub.SubMerchantId });
    }

    private static List<string> Blocked(Inbound request) =>
        request.Fields.TextList(BlockPayerKycCountries)?.Distinct(StringComparer.Ordinal).ToList() ?? [];

    /// <summary>The accepted fields as JSON, the record Citrine keeps. Undeclared fields, such as the oldest
    /// revision's <c>mainMerchantId</c> (the caller is the partner), are ignored like any unknown field.</summary>
    private static string Profile(Inbound request)
    {
        var profile = new JsonObject();
        foreach (var field in DetailItems.OfType<Field>())
        {
            if (!request.Fields.Has(field))
            {
                continue;
            }

            profile[field.Name] = field.Kind switch
            {
                FieldKind.Integer => JsonValue.Create(request.Fields.Number(field)),
                FieldKind.EnumList => new JsonArray([.. request.Fields.TextList(field)!.Select(t => JsonValue.Create(t))]),
                _ => JsonValue.Create(request.Fields.Text(field)),
            };
        }

        return profile.ToJsonString(WireJson.Options);
    }

    private static Field Mcc(string name, bool required) => Text(name, required, 4)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "a 4-digit code of Binance's MCC list (9999 = other)",
            MccCodes.Contains);

    private static Field CountryCode(string name) => Text(name, required: false, 2)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "an ISO 3166-1 alpha-2 code", Countries.IsCode);

    private static Field Millis(string name) => Integer(name, required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "Unix milliseconds, greater than 0", ms => ms > 0);

    private static bool IsCountryList(string text) =>
        text == "GO" || text.Split(',').All(Countries.IsCode);
}

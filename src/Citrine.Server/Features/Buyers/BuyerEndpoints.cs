using System.Globalization;
using System.Text.Json.Serialization;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Domain.Identity;
using Citrine.Server.Features.Admin;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Buyers;

/// <summary>
/// Sandbox buyers (Citrine-only, docs/sandbox.md#buyers). Admin API: <c>POST /admin/buyers</c>
/// <c>{name, funds, merchantId?, shared?, binanceId?, payId?, email?, mobileCode?, mobileNumber?}</c>,
/// <c>GET /admin/buyers</c>, <c>GET /admin/buyers/{id}</c>, <c>POST /admin/buyers/{id}/fund</c> <c>{funds}</c>.
/// Merchant sandbox (signed): <c>POST /sandbox/buyers</c> (the same body without <c>merchantId</c>/<c>shared</c>; the
/// buyer is the caller's), <c>/sandbox/buyers/list</c>, <c>/sandbox/buyers/fund</c> <c>{buyerId, funds}</c>.
/// KYC profile (<c>firstName</c>, <c>lastName</c>, <c>dateOfBirth</c>, <c>nationality</c>, <c>countryOfResidence</c>,
/// <c>kycIncomplete</c>): on create, and replaced by <c>POST /admin/buyers/{id}/kyc</c> or <c>/sandbox/buyers/kyc</c>.
/// <c>funds</c> maps an asset to an amount (number or string, at most 8 decimals): <c>{"USDT":"1000","BNB":2}</c>.
/// </summary>
internal static class BuyerEndpoints
{
    /// <summary>Largest chosen Binance ID or Pay ID: 15 digits, exact in a JavaScript number.</summary>
    private const long IdMax = 999_999_999_999_999;

    private static readonly Field Name = Text("name", required: true, BuyerAdmin.NameLengthMax);
    private static readonly Field Funds = AmountMap("funds", required: false);
    private static readonly Field RequiredFunds = AmountMap("funds", required: true);
    private static readonly Field BinanceId = PositiveId("binanceId");
    private static readonly Field PayId = PositiveId("payId");
    private static readonly Field Email = Text("email", required: false, 254)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "an e-mail address (local@domain, no spaces)", IsEmail);
    private static readonly Field MobileCode = Digits("mobileCode", 1, 4);
    private static readonly Field MobileNumber = Digits("mobileNumber", 4, 15);
    private static readonly Field OwnerMerchantId = Integer("merchantId", required: false);
    private static readonly Field Shared = Boolean("shared", required: false);
    private static readonly Field BuyerId = Integer("buyerId", required: true);

    // The KYC profile (payer verification, blocked payer countries): each part optional; kycIncomplete marks a buyer
    // whose KYC is not completed.
    private static readonly Field FirstName = Text("firstName", required: false, 64);
    private static readonly Field LastName = Text("lastName", required: false, 64);
    private static readonly Field DateOfBirth = Text("dateOfBirth", required: false, 10)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "a date written YYYY-MM-DD", PayerVerifier.IsDate);
    private static readonly Field Nationality = CountryField("nationality");
    private static readonly Field Residence = CountryField("countryOfResidence");
    private static readonly Field KycIncomplete = Boolean("kycIncomplete", required: false);

    private static readonly ShapeItem[] KycItems =
        [FirstName, LastName, DateOfBirth, Nationality, Residence, KycIncomplete];

    private static readonly Rule OwnerOrShared = Rule("merchantId and shared=true exclude each other",
        ResultCodes.InvalidParamWrongValue, c => c.Values.Has(OwnerMerchantId) && c.Values.Flag(Shared) == true
            ? "shared: a buyer of merchantId cannot also be shared"
            : null);

    public static readonly EndpointDeclaration Create = AdminEndpoints.Declare("/admin/buyers", typeof(BuyerView),
        Shape.Of([Name, Funds, OwnerMerchantId, Shared, OwnerOrShared, BinanceId, PayId, Email, MobileCode,
            MobileNumber, .. KycItems]), CreateByAdminAsync) with
    {
        Summary = "Create a sandbox buyer with funds (its own identity; owned by a merchant, or shared)",
        Example = """{"name":"Alice","funds":{"USDT":"1000","BNB":2}}""",
        Codes = [ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue,
            DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    public static readonly EndpointDeclaration Fund = AdminEndpoints.Declare("/admin/buyers/{buyerId:long}/fund",
        typeof(BuyerView), Shape.Of(RequiredFunds), async (long buyerId, Inbound request, BuyerAdmin admin,
            CancellationToken ct) => BinanceEnvelope.From(await admin.FundAsync(buyerId,
            request.Fields.AmountMap(RequiredFunds)!, usableBy: null, ct).ConfigureAwait(false), ToView)) with
    {
        Summary = "Add funds to a sandbox buyer",
        Example = """{"funds":{"USDT":"500"}}""",
        Codes =
        [
            ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue,
            ResultCodes.SandboxBuyerNotFound,
        ],
    };

    /// <summary>A merchant's own buyer, usable by that merchant only.</summary>
    public static readonly EndpointDeclaration SandboxCreate = new()
    {
        Path = "/sandbox/buyers",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(BuyerView),
        Request = Shape.Of([Name, Funds, BinanceId, PayId, Email, MobileCode, MobileNumber, .. KycItems]),
        Handler = async (Inbound request, BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.From(await admin.CreateAsync(ReadNewBuyer(request, request.MerchantId),
                request.Fields.AmountMap(Funds) ?? new Dictionary<string, long>(), ct).ConfigureAwait(false), ToView),
        Summary = "Create a sandbox buyer owned by the calling merchant",
        Example = """{"name":"Bob","funds":{"USDT":"100"}}""",
        Codes = [ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue],
    };

    /// <summary>The buyers the calling merchant may use (its own and the shared ones), oldest first.</summary>
    public static readonly EndpointDeclaration SandboxList = new()
    {
        Path = "/sandbox/buyers/list",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(List<BuyerView>),
        Request = Shape.Empty,
        AllowEmptyBody = true,
        Handler = async (Inbound request, BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.Ok((await admin.ListAsync(request.MerchantId, ct).ConfigureAwait(false))
                .Select(ToView).ToList()),
        Summary = "The sandbox buyers the calling merchant may use",
        Example = "{}",
        Codes = [],
    };

    /// <summary><c>{buyerId, funds}</c>: funds a buyer the calling merchant may use.</summary>
    public static readonly EndpointDeclaration SandboxFund = new()
    {
        Path = "/sandbox/buyers/fund",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(BuyerView),
        Request = Shape.Of(BuyerId, RequiredFunds),
        Handler = async (Inbound request, BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.From(await admin.FundAsync(request.Fields.Number(BuyerId)!.Value,
                request.Fields.AmountMap(RequiredFunds)!, request.MerchantId, ct).ConfigureAwait(false), ToView),
        Summary = "Add funds to a sandbox buyer the calling merchant may use",
        Example = """{"buyerId":1,"funds":{"USDT":"50"}}""",
        Codes =
        [
            ResultCodes.MandatoryParamEmptyOrMalformed, ResultCodes.InvalidParamWrongValue,
            ResultCodes.SandboxBuyerNotFound,
        ],
    };

    /// <summary>Replaces a buyer's KYC profile (parts left out become unknown).</summary>
    public static readonly EndpointDeclaration Kyc = AdminEndpoints.Declare("/admin/buyers/{buyerId:long}/kyc",
        typeof(BuyerView), Shape.Of(KycItems), async (long buyerId, Inbound request, BuyerAdmin admin,
            CancellationToken ct) => BinanceEnvelope.From(await admin.SetKycAsync(buyerId, ReadKyc(request),
            usableBy: null, ct).ConfigureAwait(false), ToView)) with
    {
        Summary = "Set a sandbox buyer's KYC profile (payer verification, blocked payer countries)",
        Example = """{"firstName":"Alice","lastName":"Smith","dateOfBirth":"1990-01-31","nationality":"SG","countryOfResidence":"SG"}""",
        Codes = [ResultCodes.SandboxBuyerNotFound],
    };

    /// <summary><c>{buyerId, firstName?, …}</c>: the KYC profile of a buyer the calling merchant may use.</summary>
    public static readonly EndpointDeclaration SandboxKyc = new()
    {
        Path = "/sandbox/buyers/kyc",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(BuyerView),
        Request = Shape.Of([BuyerId, .. KycItems]),
        Handler = async (Inbound request, BuyerAdmin admin, CancellationToken ct) =>
            BinanceEnvelope.From(await admin.SetKycAsync(request.Fields.Number(BuyerId)!.Value, ReadKyc(request),
                request.MerchantId, ct).ConfigureAwait(false), ToView),
        Summary = "Set the KYC profile of a sandbox buyer the calling merchant may use",
        Example = """{"buyerId":1,"firstName":"Bob","lastName":"Lee","dateOfBirth":"1985-06-15","nationality":"US","countryOfResidence":"SG","kycIncomplete":false}""",
        Codes = [ResultCodes.SandboxBuyerNotFound],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Create, Fund, Kyc];

    public static IReadOnlyList<EndpointDeclaration> SandboxDeclarations { get; } =
        [SandboxCreate, SandboxList, SandboxFund, SandboxKyc];

    /// <summary>The buyer reads (GET) of the admin group; writes are the declarations.</summary>
    public static void MapReads(RouteGroupBuilder admin)
    {
        admin.MapGet("/buyers", async (BuyerAdmin buyers, CancellationToken ct) =>
            BinanceEnvelope.Ok((await buyers.ListAsync(usableBy: null, ct).ConfigureAwait(false))
                .Select(ToView).ToList()));
        admin.MapGet("/buyers/{buyerId:long}", async (long buyerId, BuyerAdmin buyers, CancellationToken ct) =>
            await buyers.GetAsync(buyerId, ct).ConfigureAwait(false) is { } wallet
                ? BinanceEnvelope.Ok(ToView(wallet))
                : NotFound(buyerId));
    }

    private static async Task<IResult> CreateByAdminAsync(Inbound request, BuyerAdmin admin,
        IMerchantStore merchants, CancellationToken ct)
    {
        var owner = request.Fields.Number(OwnerMerchantId);
        if (owner is { } merchantId
            && await merchants.GetMerchantAsync(merchantId, ct).ConfigureAwait(false) is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"merchantId: merchant {merchantId} not found"), 404);
        }

        // Neither merchantId nor shared: a shared buyer, as every admin-created buyer was before owners existed.
        return BinanceEnvelope.From(await admin.CreateAsync(ReadNewBuyer(request, owner),
            request.Fields.AmountMap(Funds) ?? new Dictionary<string, long>(), ct).ConfigureAwait(false), ToView);
    }

    private static NewBuyer ReadNewBuyer(Inbound request, long? owner)
    {
        var f = request.Fields;
        return new NewBuyer(f.Text(Name))
        {
            OwnerMerchantId = owner,
            BinanceId = f.Number(BinanceId),
            PayId = f.Number(PayId),
            Email = f.Text(Email),
            MobileCode = f.Text(MobileCode),
            MobileNumber = f.Text(MobileNumber),
            Kyc = ReadKyc(request),
        };
    }

    private static BuyerKyc ReadKyc(Inbound request)
    {
        var f = request.Fields;
        return new BuyerKyc(f.Text(FirstName), f.Text(LastName), f.Text(DateOfBirth), f.Text(Nationality),
            f.Text(Residence), f.Flag(KycIncomplete) ?? false);
    }

    private static Field CountryField(string name) => Text(name, required: false, 2)
        .Check<string>(ResultCodes.InvalidParamWrongValue, "an ISO 3166-1 alpha-2 code", Countries.IsCode);

    private static Field PositiveId(string name) => Integer(name, required: false)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "a number from 1 to 999999999999999", id => id is > 0 and <= IdMax);

    private static Field Digits(string name, int min, int max) => Text(name, required: false, max)
        .Check<string>(ResultCodes.InvalidParamWrongValue,
            string.Create(CultureInfo.InvariantCulture, $"{min} to {max} digits"),
            text => text.Length >= min && text.All(char.IsAsciiDigit));

    private static bool IsEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1
               && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    private static BuyerView ToView(BuyerWallet wallet)
    {
        var (buyer, identity) = (wallet.Buyer, wallet.Buyer.Identity);
        return new BuyerView(buyer.BuyerId, buyer.Name, buyer.CreatedAtMs, identity.BinanceId, identity.PayId,
            identity.Email, identity.MobileCode, identity.MobileNumber, buyer.OwnerMerchantId,
            buyer.OwnerMerchantId is null,
            new KycView(buyer.Kyc.FirstName, buyer.Kyc.LastName, buyer.Kyc.DateOfBirth, buyer.Kyc.Nationality,
                buyer.Kyc.Residence, buyer.Kyc.Incomplete),
            wallet.BalanceUnits.ToDictionary(b => b.Key, b => Amounts.FormatUnits(b.Value), StringComparer.Ordinal));
    }

    private static BinanceEnvelope NotFound(long buyerId) =>
        BinanceEnvelope.Fail(ResultCodes.SandboxBuyerNotFound, BuyerAdmin.UnknownBuyer(buyerId), 404);

    /// <summary>A buyer as the admin and sandbox APIs show it; balances are strings with 8 decimals;
    /// <c>merchantId</c> is the owner (absent for a shared buyer).</summary>
    internal sealed record BuyerView(
        [property: JsonPropertyName("buyerId")] long BuyerId,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("createTime")] long CreateTime,
        [property: JsonPropertyName("binanceId")] long BinanceId,
        [property: JsonPropertyName("payId")] long PayId,
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("mobileCode")] string MobileCode,
        [property: JsonPropertyName("mobileNumber")] string MobileNumber,
        [property: JsonPropertyName("merchantId")] long? MerchantId,
        [property: JsonPropertyName("shared")] bool Shared,
        [property: JsonPropertyName("kyc")] KycView Kyc,
        [property: JsonPropertyName("balances")] IReadOnlyDictionary<string, string> Balances);

    /// <summary>The buyer's KYC profile; unknown parts are absent.</summary>
    internal sealed record KycView(
        [property: JsonPropertyName("firstName")] string? FirstName,
        [property: JsonPropertyName("lastName")] string? LastName,
        [property: JsonPropertyName("dateOfBirth")] string? DateOfBirth,
        [property: JsonPropertyName("nationality")] string? Nationality,
        [property: JsonPropertyName("countryOfResidence")] string? CountryOfResidence,
        [property: JsonPropertyName("kycIncomplete")] bool KycIncomplete);
}

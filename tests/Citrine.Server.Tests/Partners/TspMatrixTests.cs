using Citrine.Application.Partners;
using Citrine.Contracts.Partners;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Citrine.Server.Tests.Otc;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;
using static Citrine.Server.Tests.Partners.TspKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>
/// The delegated-call rule over every signed endpoint that <see cref="EndpointRegistry"/> declares, not a sample: for
/// each scope, a merchant that granted only that scope lets its provider reach exactly the endpoints of that scope
/// (docs/compatibility.md#technical-service-providers); every other endpoint, an unknown token, a disabled
/// authorisation and a disabled authorising merchant are refused before the request is read.
/// </summary>
public abstract class TspMatrixTests(ServerFixture fixture)
{
    private const string Refused = "400606";

    private TestServer Server => fixture.Server;

    private static IReadOnlyList<string> SignedPaths { get; } =
    [
        .. new EndpointRegistry(sandbox: true).All
            .Where(d => d.Auth is AuthPolicy.SignedMerchant or AuthPolicy.SignedOrAdmin && !d.Path.Contains('{'))
            .Select(d => d.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Every_path_a_scope_names_is_a_declared_signed_endpoint()
    {
        var mapped = SignedPaths.Where(p => TspScopes.Of(p) is not null).ToList();
        mapped.Select(TspScopes.Of).Distinct().Order().ShouldBe(PartnerNames.Scopes.Order());
        mapped.Count.ShouldBe(22, "the documents' scope list: order, refund, convert, payout, report, transfer, balance calls");
    }

    [Fact]
    public async Task A_provider_reaches_exactly_the_endpoints_of_the_one_scope_granted_and_nothing_without_consent()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Matrix Provider"));
        var failures = new List<string>();
        foreach (var scope in PartnerNames.Scopes)
        {
            var target = await Server.CreateMerchantAsync($"Grants {scope}");
            await Server.SetConvertAsync(target.MerchantId, true); // the convert gate is the target's, not the rule's
            var token = await AuthorizedTokenAsync(Server, provider, target, scope);
            foreach (var path in SignedPaths)
            {
                var answer = await DelegatedAsync(provider, token, path, new { });
                var allowed = TspScopes.Of(path) == scope;
                if ((answer.Code == Refused) == allowed)
                {
                    failures.Add($"{scope} {path}: {answer.Code} {answer.ErrorMessage}");
                }
            }
        }

        foreach (var path in SignedPaths)
        {
            var unknown = await DelegatedAsync(provider, "0123456789abcdef0123456789abcdef", path, new { });
            if (unknown.Code != Refused)
            {
                failures.Add($"unknown token {path}: {unknown.Code}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_disabled_authorisation_or_a_disabled_authorising_merchant_stops_every_delegated_call()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Stopped Provider"));
        var revoked = await Server.CreateMerchantAsync("Revokes");
        var revokedToken = await AuthorizedTokenAsync(Server, provider, revoked, [.. PartnerNames.Scopes]);
        var authorizationId = (await provider.PostAsync(PartnerKit.TspPrefix + "record/get",
                new { merchantId = revoked.MerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .Data.GetProperty("authorizationId").GetString();
        (await Server.AdminPostAsync($"/admin/service-provider/authorizations/{authorizationId}/disable", new { }))
            .Code.ShouldBe("000000");
        var gone = await Server.CreateMerchantAsync("Disabled Later");
        var goneToken = await AuthorizedTokenAsync(Server, provider, gone, [.. PartnerNames.Scopes]);
        (await DelegatedAsync(provider, goneToken, "/binancepay/openapi/v2/order", Orders.V2())).Code
            .ShouldBe("000000");
        (await Server.AdminPostAsync($"/admin/merchants/{gone.MerchantId}", new { status = "DISABLED" })).Code
            .ShouldBe("000000");

        var failures = new List<string>();
        foreach (var path in SignedPaths)
        {
            var afterRevoke = await DelegatedAsync(provider, revokedToken, path, new { });
            if (afterRevoke.Code != Refused)
            {
                failures.Add($"disabled authorisation {path}: {afterRevoke.Code}");
            }

            var afterDisable = await DelegatedAsync(provider, goneToken, path, new { });
            if (afterDisable.Code != "400203")
            {
                failures.Add($"disabled merchant {path}: {afterDisable.Code}");
            }
        }

        failures.ShouldBeEmpty();
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m",
            ("@m", revoked.MerchantId))).ShouldBe(0);
    }
}

public sealed class SqliteTspMatrixTests(SqlitePaymentServer fixture)
    : TspMatrixTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresTspMatrixTests(PostgresPaymentServer fixture)
    : TspMatrixTests(fixture), IClassFixture<PostgresPaymentServer>;

using System.Globalization;
using Citrine.Testing;

namespace Citrine.Server.Tests.Partners;

/// <summary>Technical service provider helpers: the admin role, a request, the review page's form posted over
/// HTTP, and a delegated call.</summary>
internal static class TspKit
{
    public static async Task MakeProviderAsync(TestServer server, long merchantId, params string[] scopes)
    {
        var made = await server.AdminPostAsync($"/admin/merchants/{merchantId}/service-provider",
            scopes.Length == 0 ? new { } : new { scopes });
        made.Code.ShouldBe("000000", made.ToString());
    }

    /// <summary>Makes <paramref name="provider"/> a provider (all scopes) and asks <paramref name="merchantId"/>;
    /// answers the redirectUrl and the authorizationId.</summary>
    public static async Task<(string RedirectUrl, string AuthorizationId)> RequestAsync(TestServer server,
        SignedHttp provider, long merchantId, params string[] scopes)
    {
        await MakeProviderAsync(server, provider.Merchant.MerchantId);
        var created = await provider.PostAsync(PartnerKit.TspPrefix + "create", new
        {
            merchantId = merchantId.ToString(CultureInfo.InvariantCulture),
            scopes,
            ipWhitelist = new[] { "203.0.113.7" },
        });
        created.Code.ShouldBe("000000", created.ToString());
        return (created.Data.GetProperty("redirectUrl").GetString()!,
            created.Data.GetProperty("authorizationId").GetString()!);
    }

    /// <summary>An AUTHORIZED authorisation of <paramref name="provider"/> by <paramref name="merchant"/>; its token.</summary>
    public static async Task<string> AuthorizedTokenAsync(TestServer server, SignedHttp provider,
        TestMerchant merchant, params string[] scopes)
    {
        var (_, authorizationId) = await RequestAsync(server, provider, merchant.MerchantId, scopes);
        (await server.ReviewAuthorizationAsync(authorizationId, merchant, "approve")).ShouldBe(200);
        var record = await provider.PostAsync(PartnerKit.TspPrefix + "record/get",
            new { merchantId = merchant.MerchantId.ToString(CultureInfo.InvariantCulture) });
        record.Data.GetProperty("status").GetString().ShouldBe("AUTHORIZED");
        return record.Data.GetProperty("authorizationToken").GetString()!;
    }

    public static Task<Answer> DelegatedAsync(SignedHttp provider, string token, string path, object body) =>
        provider.PostRawAsync(path, System.Text.Json.JsonSerializer.Serialize(body),
            request => request.Headers.Add(PartnerKit.TokenHeader, token));
}

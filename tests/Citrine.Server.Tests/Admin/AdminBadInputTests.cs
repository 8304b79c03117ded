using System.Net;
using System.Text;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Admin;

/// <summary>The admin API answers bad input with the envelope and a 4xx, never HTTP 500.</summary>
public abstract class AdminBadInputTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("/admin/merchants", "{\"name\":\"Ice\\u0000Cream\"}", "400103")]
    [InlineData("/admin/merchants", "{\"name\":\"Ice\",\"webhookUrl\":\"http://x/\\u0000\"}", "400103")]
    [InlineData("/admin/merchants", "{\"name\":\"\"}", "400100")]
    // The admin API reads bodies with the merchant API's reader: not a JSON object is 400008 there too.
    [InlineData("/admin/merchants", "[]", "400008")]
    [InlineData("/admin/merchants", "{\"name\":", "400008")]
    public async Task Bad_admin_input_gets_a_code_and_never_HTTP_500(string path, string body, string code)
    {
        using var response = await fixture.Server.Http.PostAsync(path,
            new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().ShouldBe(code, text);
    }

    [Fact]
    public async Task A_NUL_in_an_updated_webhookUrl_is_refused()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        using var response = await fixture.Server.Http.PostAsync($"/admin/merchants/{merchant.MerchantId}",
            new StringContent("{\"webhookUrl\":\"http://x/\\u0000\"}", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().ShouldBe("400103");
    }
}

public sealed class SqliteAdminBadInputTests(SqliteServer fixture)
    : AdminBadInputTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresAdminBadInputTests(PostgresServer fixture)
    : AdminBadInputTests(fixture), IClassFixture<PostgresServer>;

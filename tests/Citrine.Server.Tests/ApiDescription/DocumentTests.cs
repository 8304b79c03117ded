using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Citrine.Server.ApiDescription;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>
/// <c>GET /openapi.json</c>: a valid OpenAPI 3.1 document (checked by Redocly CLI, which scripts/test.sh installs
/// through npm), built once, carrying the declared limits, result codes and the signature scheme.
/// </summary>
public sealed class DocumentTests(SqliteServer fixture, ITestOutputHelper output) : IClassFixture<SqliteServer>
{
    /// <summary>Where scripts/test.sh installs the pinned Redocly CLI when <c>CITRINE_REDOCLY</c> is not set.</summary>
    private const string DefaultRedocly = ".tools/redocly/node_modules/.bin/redocly";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task The_live_document_passes_redocly_lint_without_errors_or_warnings()
    {
        var redocly = Environment.GetEnvironmentVariable("CITRINE_REDOCLY") is { Length: > 0 } configured
            ? configured
            : Path.Combine(ApiDocumentKit.RepositoryRoot(), DefaultRedocly);
        File.Exists(redocly).ShouldBeTrue(
            $"Redocly CLI not found at {redocly}: run scripts/test.sh (it installs it), or "
            + "`npm install --prefix .tools/redocly @redocly/cli@2.77.0`, or set CITRINE_REDOCLY.");

        var file = Path.Combine(Path.GetTempPath(), $"citrine-openapi-{Guid.NewGuid():N}.json");
        using (var response = await Server.Http.GetAsync("/openapi.json"))
        {
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        }

        try
        {
            var config = Path.Combine(ApiDocumentKit.RepositoryRoot(), "tests", "Citrine.Server.Tests",
                "ApiDescription", "redocly.yaml");
            var (exit, text) = await RunAsync(redocly, "lint", file, "--config", config, "--format=stylish");
            output.WriteLine(text);
            exit.ShouldBe(0, text);
            text.ShouldContain("Your API description is valid", customMessage: text);
            text.ShouldNotContain("You have ", customMessage: "no warnings: " + text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_document_is_built_once_and_served_from_memory()
    {
        var document = Server.App.Services.GetRequiredService<ApiDocument>();
        MemoryMarshal.TryGetArray(document.Json, out var first).ShouldBeTrue();
        using var response = await Server.Http.GetAsync("/openapi.json");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(first.ToArray());
        MemoryMarshal.TryGetArray(document.Json, out var second).ShouldBeTrue();
        ReferenceEquals(first.Array, second.Array).ShouldBeTrue("the serialised document is cached");
    }

    [Fact]
    public async Task It_is_OpenAPI_3_1_with_the_signature_headers_and_the_admin_token_as_security_schemes()
    {
        var document = await ApiDocumentKit.FetchAsync(Server);
        document.GetProperty("openapi").GetString().ShouldStartWith("3.1");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        foreach (var header in new[]
                 {
                     "BinancePay-Timestamp", "BinancePay-Nonce", "BinancePay-Certificate-SN", "BinancePay-Signature",
                 })
        {
            var scheme = schemes.GetProperty(header);
            scheme.GetProperty("type").GetString().ShouldBe("apiKey");
            scheme.GetProperty("in").GetString().ShouldBe("header");
            scheme.GetProperty("name").GetString().ShouldBe(header);
        }

        schemes.GetProperty("BinancePay-Signature").GetProperty("description").GetString()!.ShouldContain("HMAC-SHA512");
        schemes.GetProperty("AdminToken").GetProperty("scheme").GetString().ShouldBe("bearer");

        var create = Post(document, "/binancepay/openapi/v2/order");
        var requirement = create.GetProperty("security").EnumerateArray().ShouldHaveSingleItem();
        requirement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(
            ["BinancePay-Certificate-SN", "BinancePay-Nonce", "BinancePay-Signature", "BinancePay-Timestamp"]);
        Post(document, "/admin/merchants").GetProperty("security")[0].GetProperty("AdminToken");
        Post(document, "/sandbox/orders/pay").GetProperty("security").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Request_schemas_carry_the_declared_types_limits_enums_and_required_fields()
    {
        var document = await ApiDocumentKit.FetchAsync(Server);
        var schema = Post(document, "/binancepay/openapi/v2/order").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema");
        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
        required.ShouldContain("merchantTradeNo");
        required.ShouldContain("orderAmount");
        required.ShouldNotContain("returnUrl");
        var properties = schema.GetProperty("properties");
        var tradeNo = properties.GetProperty("merchantTradeNo");
        tradeNo.GetProperty("type").GetString().ShouldBe("string");
        tradeNo.GetProperty("maxLength").GetInt32().ShouldBe(32);
        tradeNo.GetProperty("pattern").GetString().ShouldBe("^[A-Za-z0-9]*$");
        tradeNo.GetProperty("description").GetString()!.ShouldContain("(400103)");
        var amount = properties.GetProperty("orderAmount");
        amount.GetProperty("type").EnumerateArray().Select(t => t.GetString()).ShouldBe(["number", "string"],
            ignoreOrder: true);
        amount.GetProperty("pattern").GetString().ShouldBe(RequestSchemas.AmountPattern);
        amount.GetProperty("exclusiveMinimum").GetDecimal().ShouldBe(0m);
        var terminalType = properties.GetProperty("env").GetProperty("properties").GetProperty("terminalType");
        terminalType.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldContain("WEB");
        properties.GetProperty("env").GetProperty("required")[0].GetString().ShouldBe("terminalType");

        var v3 = Post(document, "/binancepay/openapi/v3/order").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        var goodsDetails = v3.GetProperty("goodsDetails");
        goodsDetails.GetProperty("type").GetString().ShouldBe("array");
        goodsDetails.GetProperty("items").GetProperty("properties").GetProperty("goodsName")
            .GetProperty("maxLength").GetInt32().ShouldBeGreaterThan(0);

        var funds = Post(document, "/admin/buyers").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("properties").GetProperty("funds");
        funds.GetProperty("propertyNames").GetProperty("pattern").GetString().ShouldBe("^[A-Za-z0-9]{1,10}$");
        funds.GetProperty("additionalProperties").GetProperty("pattern").GetString()
            .ShouldBe(RequestSchemas.AmountPattern);
    }

    [Fact]
    public async Task Responses_are_the_envelope_with_the_data_type_and_every_result_code_by_HTTP_status()
    {
        var document = await ApiDocumentKit.FetchAsync(Server);
        var responses = Post(document, "/binancepay/openapi/order/refund").GetProperty("responses");
        var ok = responses.GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("properties");
        ok.GetProperty("code").GetProperty("const").GetString().ShouldBe("000000");
        var reference = ok.GetProperty("data").GetProperty("$ref").GetString()!;
        reference.ShouldBe("#/components/schemas/RefundOrderResult");
        var result = document.GetProperty("components").GetProperty("schemas").GetProperty("RefundOrderResult");
        result.GetProperty("properties").GetProperty("refundRequestId").GetProperty("type").GetString().ShouldBe("string");

        var failures = Codes(responses, "400");
        failures.ShouldBe(
        [
            "400001", "400002", "400003", "400004", "400005", "400008", "400100", "400101", "400102", "400103",
            "400203", "400204", "400301", "400302", "400303", "400304",
        ], ignoreOrder: true);
        Codes(responses, "413").ShouldBe(["400104"]);
        Codes(responses, "415").ShouldBe(["400007"]);
        Codes(responses, "500").ShouldBe(["400000"]);
        responses.GetProperty("400").GetProperty("description").GetString()!
            .ShouldContain("| `400303` | INVALID_REFUND_AMOUNT |");

        // An admin write: the token's 401 and the unknown id's 404.
        var update = Post(document, "/admin/merchants/{merchantId}").GetProperty("responses");
        Codes(update, "401").ShouldBe(["400004"]);
        Codes(update, "404").ShouldBe(["400001"]);
        var direct = Post(document, "/binancepay/openapi/pay/apply").GetProperty("responses");
        Codes(direct, "400").ShouldContain("400606");
        Codes(direct, "400").ShouldContain("409001");
    }

    private static JsonElement Post(JsonElement document, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty("post");

    private static List<string> Codes(JsonElement responses, string status) =>
        [.. responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray()
            .Select(c => c.GetString()!)];

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or update check: the test machine has no network beyond the package registries.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

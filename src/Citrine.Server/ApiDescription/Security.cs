using Citrine.Contracts.Signing;
using Citrine.Server.Http.Ingress;
using Microsoft.OpenApi;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// The request signature (docs/api-reference.md#signature-payload) and the admin token as OpenAPI security schemes.
/// A signed request carries all four <c>BinancePay-*</c> headers, so they form one requirement together.
/// </summary>
internal static class Security
{
    public const string AdminToken = "AdminToken";

    public const string Overview = """
        A self-hosted, Binance Pay-compatible merchant API with a sandbox and an admin API.

        **Signed requests.** Every merchant call (and every sandbox call made as a merchant) is a POST with a JSON body
        and four headers: `BinancePay-Timestamp` (Unix milliseconds, within the server's window), `BinancePay-Nonce`
        (32 letters or digits, never reused), `BinancePay-Certificate-SN` (the API key) and `BinancePay-Signature`:
        the upper-case hex HMAC-SHA512, keyed with the API secret, of `timestamp + "\n" + nonce + "\n" + body + "\n"`,
        where body is the exact bytes sent. `citrine sign` prints and explains a signature.

        **Admin calls** send `Authorization: Bearer <admin token>`. Sandbox endpoints accept either.

        **Answers** are always the envelope `{"status", "code", "data", "errorMessage"}`; each operation lists every
        result code it can answer, grouped by HTTP status.
        """;

    private static readonly (string Name, string Description)[] SignedHeaders =
    [
        (BinancePayHeaders.CertificateSn, "The merchant's API key."),
        (BinancePayHeaders.Timestamp, "Unix time in milliseconds; outside the server's window the answer is 400003."),
        (BinancePayHeaders.Nonce, "32 letters or digits, used once per API key (400001 on replay)."),
        (BinancePayHeaders.Signature,
            "Upper-case hex HMAC-SHA512, keyed with the API secret (UTF-8), of timestamp + \"\\n\" + nonce + \"\\n\" + "
            + "body + \"\\n\" over the exact body bytes sent (400002 when it does not match)."),
    ];

    public static Dictionary<string, IOpenApiSecurityScheme> Schemes()
    {
        var schemes = SignedHeaders.ToDictionary(h => h.Name, IOpenApiSecurityScheme (h) => new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = h.Name,
            Description = h.Description,
        }, StringComparer.Ordinal);
        schemes[AdminToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The admin token (Citrine:AdminToken), as Authorization: Bearer <token>.",
        };
        return schemes;
    }

    public static List<OpenApiSecurityRequirement> For(AuthPolicy auth, OpenApiDocument document) => auth switch
    {
        AuthPolicy.SignedMerchant => [Signed(document)],
        AuthPolicy.AdminToken => [Admin(document)],
        AuthPolicy.SignedOrAdmin => [Signed(document), Admin(document)],
        _ => throw new InvalidOperationException(auth.ToString()),
    };

    private static OpenApiSecurityRequirement Signed(OpenApiDocument document)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var (name, _) in SignedHeaders)
        {
            requirement[new OpenApiSecuritySchemeReference(name, document)] = [];
        }

        return requirement;
    }

    private static OpenApiSecurityRequirement Admin(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(AdminToken, document)] = [] };
}

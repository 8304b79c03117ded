using System.Globalization;
using Citrine.Application;
using Citrine.Application.Merchants;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>serve --demo</c>: makes (once) a demo merchant, issues it a fresh API key on every start (secrets are never
/// shown twice), and prints a ready-to-run request signed in a few lines of Python.
/// </summary>
internal static class DemoSeed
{
    private const string MerchantIdFile = "demo-merchant-id";

    public static async Task RunAsync(IServiceProvider services, CitrineOptions options, string baseUrl,
        CliOutput output, CancellationToken cancellationToken)
    {
        var admin = services.GetRequiredService<MerchantAdmin>();
        var store = services.GetRequiredService<IMerchantStore>();
        var idPath = Path.Combine(options.DataDirectory, MerchantIdFile);
        Merchant? merchant = null;
        if (File.Exists(idPath) && long.TryParse(await File.ReadAllTextAsync(idPath, cancellationToken)
                .ConfigureAwait(false), CultureInfo.InvariantCulture, out var existingId))
        {
            merchant = await store.GetMerchantAsync(existingId, cancellationToken).ConfigureAwait(false);
        }

        if (merchant is null)
        {
            merchant = await admin.CreateMerchantAsync("Demo Merchant", null, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(idPath, merchant.MerchantId.ToString(CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);
        }

        var key = (await admin.CreateApiKeyAsync(merchant.MerchantId, cancellationToken).ConfigureAwait(false))!;
        output.Table("Demo merchant",
            ("merchantId", merchant.MerchantId.ToString(CultureInfo.InvariantCulture)),
            ("apiKey", key.ApiKey),
            ("apiSecret", key.ApiSecret),
            ("base URL", baseUrl));
        output.Writer.WriteLine("Create an order (Python 3, standard library only):");
        output.Writer.WriteLine(Example(baseUrl, key));
    }

    private static string Example(string baseUrl, CreatedApiKey key) => $$$"""
        python3 - <<'PY'
        import hashlib, hmac, json, secrets, string, time, urllib.request
        key, secret = "{{{key.ApiKey}}}", "{{{key.ApiSecret}}}"
        body = json.dumps({"env": {"terminalType": "WEB"}, "merchantTradeNo": "demo" + str(int(time.time())),
            "orderAmount": 25.17, "currency": "USDT", "goods": {"goodsType": "01", "goodsCategory": "D000",
            "referenceGoodsId": "7876763A3B", "goodsName": "Ice Cream"}})
        ts, nonce = str(int(time.time() * 1000)), "".join(secrets.choice(string.ascii_letters) for _ in range(32))
        sig = hmac.new(secret.encode(), f"{ts}\n{nonce}\n{body}\n".encode(), hashlib.sha512).hexdigest().upper()
        req = urllib.request.Request("{{{baseUrl}}}/binancepay/openapi/v2/order", body.encode(), {
            "Content-Type": "application/json", "BinancePay-Timestamp": ts, "BinancePay-Nonce": nonce,
            "BinancePay-Certificate-SN": key, "BinancePay-Signature": sig})
        print(urllib.request.urlopen(req).read().decode())
        PY
        """;
}

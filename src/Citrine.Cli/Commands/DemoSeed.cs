using System.Globalization;
using Citrine.Application;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>serve --demo</c>: makes (once) a demo merchant, issues it a fresh API key on every start (secrets are never
/// shown twice), makes (once) a funded sandbox buyer to pay with on the checkout page, and prints a ready-to-run
/// request signed in a few lines of Python.
/// </summary>
internal static class DemoSeed
{
    private const string MerchantIdFile = "demo-merchant-id";
    private const string BuyerIdFile = "demo-buyer-id";

    /// <summary>The demo buyer's opening wallet.</summary>
    private static readonly Dictionary<string, long> DemoFunds = new(StringComparer.Ordinal)
    {
        ["USDT"] = 1000 * Amounts.UnitsPerCoin,
        ["BUSD"] = 1000 * Amounts.UnitsPerCoin,
        ["BNB"] = 2 * Amounts.UnitsPerCoin,
    };

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
        var buyer = await SeedBuyerAsync(services, options, cancellationToken).ConfigureAwait(false);
        output.Table("Demo sandbox buyer",
            ("buyerId", buyer.Buyer.BuyerId.ToString(CultureInfo.InvariantCulture)),
            ("name", buyer.Buyer.Name),
            ("balances", string.Join(", ",
                buyer.BalanceUnits.Select(b => $"{Amounts.FormatUnitsShort(b.Value)} {b.Key}"))));
        output.Writer.WriteLine("Create an order (Python 3, standard library only):");
        output.Writer.WriteLine(Example(baseUrl, key));
    }

    private static async Task<BuyerWallet> SeedBuyerAsync(IServiceProvider services, CitrineOptions options,
        CancellationToken cancellationToken)
    {
        var buyers = services.GetRequiredService<BuyerAdmin>();
        var idPath = Path.Combine(options.DataDirectory, BuyerIdFile);
        if (File.Exists(idPath) && long.TryParse(await File.ReadAllTextAsync(idPath, cancellationToken)
                .ConfigureAwait(false), CultureInfo.InvariantCulture, out var existingId)
            && await buyers.GetAsync(existingId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var created = await buyers.CreateAsync("Demo Buyer", DemoFunds, cancellationToken).ConfigureAwait(false);
        var wallet = created.Value ?? throw new InvalidOperationException($"Demo buyer: {created.Message}");
        await File.WriteAllTextAsync(idPath, wallet.Buyer.BuyerId.ToString(CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);
        return wallet;
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

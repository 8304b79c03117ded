using System.Globalization;
using Citrine.Application;
using Citrine.Application.Buyers;
using Citrine.Application.Configuration;
using Citrine.Application.Merchants;
using Citrine.Application.Security;
using Citrine.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>serve --demo</c>: makes (once) a demo merchant with an API key and prints the same credentials on every start
/// of the same data directory (the secret is stored encrypted; it is decrypted with the master key to be printed
/// again), or uses the key fixed by <c>Citrine:Demo:ApiKey</c>/<c>ApiSecret</c> for CI pipelines; makes (once) a
/// funded sandbox buyer to pay with on the checkout page, and prints a ready-to-run request signed in a few lines of
/// Python.
/// </summary>
internal static class DemoSeed
{
    private const string MerchantIdFile = "demo-merchant-id";
    private const string ApiKeyFile = "demo-api-key";
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
        var key = await DemoKeyAsync(services, options, cancellationToken).ConfigureAwait(false);
        output.Table("Demo merchant",
            ("merchantId", key.MerchantId.ToString(CultureInfo.InvariantCulture)),
            ("apiKey", key.ApiKey),
            ("apiSecret", key.ApiSecret),
            ("base URL", baseUrl));
        var buyer = await SeedBuyerAsync(services, options, key.MerchantId, cancellationToken).ConfigureAwait(false);
        var identity = buyer.Buyer.Identity;
        output.Table("Demo sandbox buyer",
            ("buyerId", buyer.Buyer.BuyerId.ToString(CultureInfo.InvariantCulture)),
            ("name", buyer.Buyer.Name),
            ("binanceId", identity.BinanceId.ToString(CultureInfo.InvariantCulture)),
            ("payId", identity.PayId.ToString(CultureInfo.InvariantCulture)),
            ("email", identity.Email),
            ("mobile", $"+{identity.MobileCode} {identity.MobileNumber}"),
            ("balances", string.Join(", ",
                buyer.BalanceUnits.Select(b => $"{Amounts.FormatUnitsShort(b.Value)} {b.Key}"))));
        output.Writer.WriteLine("Create an order (Python 3, standard library only):");
        output.Writer.WriteLine(Example(baseUrl, key));
    }

    /// <summary>The demo merchant's key: the configured one, else the one minted on the first start.</summary>
    private static async Task<CreatedApiKey> DemoKeyAsync(IServiceProvider services, CitrineOptions options,
        CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IMerchantStore>();
        var protector = services.GetRequiredService<SecretProtector>();
        if (options.Demo is { ApiKey: { } fixedKey, ApiSecret: { } fixedSecret })
        {
            // A configured key that already exists names the demo merchant, so a pipeline keeps its merchant even
            // when its data directory is new but its PostgreSQL database is not.
            if (await store.GetApiKeyAsync(fixedKey, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                if (existing.Revoked)
                {
                    throw new ConfigurationException("Citrine:Demo:ApiKey", "has been revoked in this database",
                        "configure another key, or start on a new database");
                }

                if (!protector.CanDecrypt(existing.SecretCipher)
                    || protector.Unprotect(existing.SecretCipher) != fixedSecret)
                {
                    throw new ConfigurationException("Citrine:Demo:ApiSecret",
                        "differs from the secret this database stores for Citrine:Demo:ApiKey",
                        "configure the secret the key was first used with, or another key");
                }

                await RememberAsync(options, MerchantIdFile, existing.MerchantId, cancellationToken)
                    .ConfigureAwait(false);
                return new CreatedApiKey(existing.MerchantId, fixedKey, fixedSecret);
            }

            var owner = await DemoMerchantAsync(services, options, cancellationToken).ConfigureAwait(false);
            var nowMs = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
            await store.InsertApiKeyAsync(owner.MerchantId, fixedKey, protector.Protect(fixedSecret), nowMs,
                cancellationToken).ConfigureAwait(false);
            return new CreatedApiKey(owner.MerchantId, fixedKey, fixedSecret);
        }

        var merchant = await DemoMerchantAsync(services, options, cancellationToken).ConfigureAwait(false);
        var keyPath = Path.Combine(options.DataDirectory, ApiKeyFile);
        if (File.Exists(keyPath)
            && await store.GetApiKeyAsync((await File.ReadAllTextAsync(keyPath, cancellationToken)
                .ConfigureAwait(false)).Trim(), cancellationToken).ConfigureAwait(false) is
            { Revoked: false } record
            && record.MerchantId == merchant.MerchantId && protector.CanDecrypt(record.SecretCipher))
        {
            return new CreatedApiKey(merchant.MerchantId, record.ApiKey, protector.Unprotect(record.SecretCipher));
        }

        // First start (or the remembered key was revoked): mint one and remember it for the next start.
        var admin = services.GetRequiredService<MerchantAdmin>();
        var key = (await admin.CreateApiKeyAsync(merchant.MerchantId, cancellationToken).ConfigureAwait(false))!;
        await File.WriteAllTextAsync(keyPath, key.ApiKey, cancellationToken).ConfigureAwait(false);
        return key;
    }

    private static async Task<Merchant> DemoMerchantAsync(IServiceProvider services, CitrineOptions options,
        CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IMerchantStore>();
        var idPath = Path.Combine(options.DataDirectory, MerchantIdFile);
        if (File.Exists(idPath) && long.TryParse(await File.ReadAllTextAsync(idPath, cancellationToken)
                .ConfigureAwait(false), CultureInfo.InvariantCulture, out var existingId)
            && await store.GetMerchantAsync(existingId, cancellationToken).ConfigureAwait(false) is { } merchant)
        {
            return merchant;
        }

        var created = await services.GetRequiredService<MerchantAdmin>()
            .CreateMerchantAsync("Demo Merchant", null, cancellationToken).ConfigureAwait(false);
        await RememberAsync(options, MerchantIdFile, created.MerchantId, cancellationToken).ConfigureAwait(false);
        return created;
    }

    private static Task RememberAsync(CitrineOptions options, string file, long id,
        CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(options.DataDirectory, file), id.ToString(CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>The demo buyer, the demo merchant's own (one made before buyers had owners stays shared).</summary>
    private static async Task<BuyerWallet> SeedBuyerAsync(IServiceProvider services, CitrineOptions options,
        long merchantId, CancellationToken cancellationToken)
    {
        var buyers = services.GetRequiredService<BuyerAdmin>();
        var idPath = Path.Combine(options.DataDirectory, BuyerIdFile);
        if (File.Exists(idPath) && long.TryParse(await File.ReadAllTextAsync(idPath, cancellationToken)
                .ConfigureAwait(false), CultureInfo.InvariantCulture, out var existingId)
            && await buyers.GetUsableAsync(existingId, merchantId, cancellationToken).ConfigureAwait(false) is
            { } existing)
        {
            return existing;
        }

        var created = await buyers.CreateAsync(new NewBuyer("Demo Buyer") { OwnerMerchantId = merchantId }, DemoFunds,
            cancellationToken).ConfigureAwait(false);
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

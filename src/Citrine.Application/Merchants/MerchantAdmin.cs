using Citrine.Application.Security;
using Citrine.Contracts;

namespace Citrine.Application.Merchants;

/// <summary>Administration of merchants, keys and sub-merchants (admin API, CLI and the merchant API's submerchant/add).</summary>
public sealed class MerchantAdmin(IMerchantStore store, SecretProtector protector, TimeProvider time)
{
    private const int MerchantIdAttemptsMax = 5;

    public async Task<Merchant> CreateMerchantAsync(string name, string? webhookUrl, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; attempt < MerchantIdAttemptsMax; attempt++)
        {
            var merchant = new Merchant(Ids.NewMerchantId(), name, Merchant.Active, webhookUrl, false, nowMs);
            if (await store.InsertMerchantAsync(merchant, cancellationToken).ConfigureAwait(false))
            {
                return merchant;
            }
        }

        throw new InvalidOperationException("Could not allocate a unique merchantId.");
    }

    public async Task<CreatedApiKey?> CreateApiKeyAsync(long merchantId, CancellationToken cancellationToken)
    {
        if (await store.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var key = Ids.NewToken(ApiKeyFormat.Length);
        var secret = Ids.NewToken(ApiKeyFormat.Length);
        await store.InsertApiKeyAsync(merchantId, key, protector.Protect(secret),
            time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(merchantId, key, secret);
    }

    public Task<bool> RevokeApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        store.RevokeApiKeyAsync(apiKey, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    public async Task<Result<SubMerchant>> AddSubMerchantAsync(long merchantId, string name,
        CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; attempt < MerchantIdAttemptsMax; attempt++)
        {
            var sub = new SubMerchant(Ids.NewSubMerchantId(), merchantId, name, Merchant.Active, nowMs);
            if (await store.InsertSubMerchantAsync(sub, cancellationToken).ConfigureAwait(false))
            {
                return Result<SubMerchant>.Ok(sub);
            }
        }

        return Result<SubMerchant>.Fail(ResultCodes.SubMerchantExists, "subMerchantId: could not allocate an id");
    }
}

using System.Globalization;
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

    /// <summary>Creates a sub-merchant of <paramref name="merchantId"/>; a name the partner already uses is refused
    /// with 400205, the database's unique index deciding between concurrent adds.</summary>
    public async Task<Result<SubMerchant>> AddSubMerchantAsync(long merchantId, string name, string? profileJson,
        IReadOnlyList<string> blockedPayerKycCountries, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; attempt < MerchantIdAttemptsMax; attempt++)
        {
            var sub = new SubMerchant(Ids.NewSubMerchantId(), merchantId, name, Merchant.Active, nowMs)
            {
                ProfileJson = profileJson,
                BlockedPayerKycCountries = blockedPayerKycCountries,
            };
            if (await store.InsertSubMerchantAsync(sub, cancellationToken).ConfigureAwait(false))
            {
                return Result<SubMerchant>.Ok(sub);
            }

            if (await store.SubMerchantNameTakenAsync(merchantId, name, cancellationToken).ConfigureAwait(false))
            {
                return NameTaken();
            }
        }

        return Result<SubMerchant>.Fail(ResultCodes.SubMerchantExists, "subMerchantId: could not allocate an id");
    }

    /// <summary>Replaces a sub-merchant's fields (a full replacement, as the modify page's required flags say). Another
    /// partner's sub-merchant is answered exactly as an unknown one: 400206, the code order creation gives a foreign
    /// <c>subMerchantId</c>.</summary>
    public async Task<Result<SubMerchant>> ModifySubMerchantAsync(long merchantId, long subMerchantId, string name,
        string? profileJson, IReadOnlyList<string> blockedPayerKycCountries, CancellationToken cancellationToken)
    {
        var current = await store.GetSubMerchantAsync(merchantId, subMerchantId, cancellationToken)
            .ConfigureAwait(false);
        if (current is null)
        {
            return UnknownSubMerchant(subMerchantId);
        }

        var updated = current with
        {
            Name = name,
            ProfileJson = profileJson,
            BlockedPayerKycCountries = blockedPayerKycCountries,
            UpdatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        return await store.UpdateSubMerchantAsync(updated, cancellationToken).ConfigureAwait(false) switch
        {
            SubMerchantUpdate.Updated => Result<SubMerchant>.Ok(updated),
            SubMerchantUpdate.NameTaken => NameTaken(),
            _ => UnknownSubMerchant(subMerchantId),
        };
    }

    private static Result<SubMerchant> NameTaken() => Result<SubMerchant>.Fail(ResultCodes.SubMerchantExists,
        "merchantName: a sub-merchant of this name already exists");

    private static Result<SubMerchant> UnknownSubMerchant(long subMerchantId) =>
        Result<SubMerchant>.Fail(ResultCodes.SubMerchantInvalid, string.Create(CultureInfo.InvariantCulture,
            $"subMerchantId: sub-merchant {subMerchantId} not found"));
}

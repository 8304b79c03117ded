namespace Citrine.Application.Merchants;

/// <summary>Storage port for merchants, sub-merchants and API keys.</summary>
public interface IMerchantStore
{
    Task<bool> InsertMerchantAsync(Merchant merchant, CancellationToken cancellationToken);

    Task<Merchant?> GetMerchantAsync(long merchantId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Merchant>> ListMerchantsAsync(CancellationToken cancellationToken);

    Task<bool> UpdateMerchantAsync(long merchantId, string? status, string? webhookUrl, bool? directDebitEnabled,
        CancellationToken cancellationToken);

    /// <summary>Whitelists the merchant for Convert or takes it off; false for an unknown merchant.</summary>
    Task<bool> SetConvertEnabledAsync(long merchantId, bool enabled, CancellationToken cancellationToken);

    /// <summary>Lets other merchants register the merchant as a profit-sharing receiver, or stops it; false for an
    /// unknown merchant.</summary>
    Task<bool> SetAcceptsSplitsAsync(long merchantId, bool accepts, CancellationToken cancellationToken);

    Task InsertApiKeyAsync(long merchantId, string apiKey, byte[] secretCipher, long nowMs,
        CancellationToken cancellationToken);

    Task<ApiKeyRecord?> GetApiKeyAsync(string apiKey, CancellationToken cancellationToken);

    /// <summary>A merchant's API keys, oldest first, revoked ones included; no secrets.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(long merchantId, CancellationToken cancellationToken);

    Task<bool> RevokeApiKeyAsync(string apiKey, long nowMs, CancellationToken cancellationToken);

    /// <summary>False when the id is taken or the partner already has a sub-merchant of this name (the unique index
    /// decides between concurrent adds); <see cref="SubMerchantNameTakenAsync"/> tells the two apart.</summary>
    Task<bool> InsertSubMerchantAsync(SubMerchant subMerchant, CancellationToken cancellationToken);

    Task<bool> SubMerchantNameTakenAsync(long merchantId, string name, CancellationToken cancellationToken);

    /// <summary>Replaces the name, profile and blocked countries of the partner's sub-merchant.</summary>
    Task<SubMerchantUpdate> UpdateSubMerchantAsync(SubMerchant subMerchant, CancellationToken cancellationToken);

    Task<SubMerchant?> GetSubMerchantAsync(long merchantId, long subMerchantId, CancellationToken cancellationToken);
}

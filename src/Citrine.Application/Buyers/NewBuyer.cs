namespace Citrine.Application.Buyers;

/// <summary>
/// What a create asks for: the name, the owner (null for a shared buyer) and any part of the identity the caller
/// chooses; the parts left out are generated.
/// </summary>
public sealed record NewBuyer(string? Name)
{
    public long? OwnerMerchantId { get; init; }

    public long? BinanceId { get; init; }

    public long? PayId { get; init; }

    public string? Email { get; init; }

    public string? MobileCode { get; init; }

    public string? MobileNumber { get; init; }

    public BuyerKyc Kyc { get; init; } = BuyerKyc.None;

    /// <summary>The generated identity with the chosen parts in place; e-mails are kept in lower case so that
    /// uniqueness and receiver checks ignore case.</summary>
    public BuyerIdentity Overlay(BuyerIdentity generated) => new(
        BinanceId ?? generated.BinanceId,
        PayId ?? generated.PayId,
        Email?.ToLowerInvariant() ?? generated.Email,
        MobileCode ?? generated.MobileCode,
        MobileNumber ?? generated.MobileNumber);

    /// <summary>The wire names of the chosen parts (as <see cref="IBuyerStore.TakenAsync"/> names them).</summary>
    public IEnumerable<string> Chosen()
    {
        if (BinanceId is not null)
        {
            yield return "binanceId";
        }

        if (PayId is not null)
        {
            yield return "payId";
        }

        if (Email is not null)
        {
            yield return "email";
        }

        if (MobileNumber is not null)
        {
            yield return "mobileNumber";
        }
    }
}

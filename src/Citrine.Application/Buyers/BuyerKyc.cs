namespace Citrine.Application.Buyers;

/// <summary>
/// A sandbox buyer's KYC profile (docs/sandbox.md#buyers): what payer verification compares and what a
/// sub-merchant's blocked payer countries look at. Null parts are unknown (they match nothing); dates are
/// <c>YYYY-MM-DD</c>, countries ISO-2. <see cref="Incomplete"/> marks a buyer whose KYC is not completed.
/// </summary>
public sealed record BuyerKyc(string? FirstName, string? LastName, string? DateOfBirth, string? Nationality,
    string? Residence, bool Incomplete)
{
    public static BuyerKyc None { get; } = new(null, null, null, null, null, false);

    /// <summary>The buyer's nationality or country of residence when it is one of <paramref name="countries"/>,
    /// else null.</summary>
    public string? BlockedBy(IReadOnlyCollection<string> countries) =>
        Nationality is not null && countries.Contains(Nationality) ? Nationality
        : Residence is not null && countries.Contains(Residence) ? Residence
        : null;
}

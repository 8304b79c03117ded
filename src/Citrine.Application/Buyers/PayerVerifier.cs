using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Domain.Identity;
using Citrine.Domain.Orders;

namespace Citrine.Application.Buyers;

/// <summary>What a merchant asks payer verification: the payer by Binance ID or Pay ID, its type, the items to compare
/// and, optionally (a Citrine extension), the PAID order the payer must have paid.</summary>
public sealed record PayerVerificationQuery(long MerchantId, ReceiverKind IdKind, long PayerAccountId,
    string PayerType, IReadOnlyList<(string Category, string Value)> Information, OrderLookup? Order);

/// <summary>
/// Payer verification (<c>/binancepay/openapi/order/payer/verification</c>, docs/api-reference.md#payer-verification):
/// compares the merchant's items with the sandbox buyer's KYC profile; <c>true</c> when every given item matches.
/// A buyer the merchant may not use is answered as an unknown one (400601), so merchant A learns nothing about B's
/// buyers; an order of another merchant is answered as an unknown order (400202).
/// </summary>
public sealed class PayerVerifier(IBuyerStore buyers, IOrderStore orders)
{
    public const string Individual = "INDIVIDUAL";
    public const string Corporate = "CORPORATE";

    public static readonly string[] IndividualCategories =
        ["FIRST_NAME", "LAST_NAME", "DATE_OF_BIRTH", "NATIONALITY", "DOCUMENT_TYPE", "DOCUMENT_NUMBER"];

    public static readonly string[] CorporateCategories = ["COMPANY_NAME", "REGISTRATION_NUMBER", "REGISTRATION_COUNTRY"];

    public static readonly string[] DocumentTypes =
    [
        "ID_CARD", "PASSPORT", "DRIVING_LICENSE", "VISA", "CPF", "OTHER", "BVN_NUMBER", "NIN_NUMBER", "PAN",
        "BVN_NIN_NUMBER", "SMILEID_NATIONAL_ID", "ABN", "ACN", "UA_DIA",
    ];

    public async Task<Result<bool>> VerifyAsync(PayerVerificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (CheckItems(query) is { } invalid)
        {
            return Result<bool>.Fail(invalid.Code, invalid.Message);
        }

        var buyer = await buyers.FindByReceiverAsync(query.IdKind, query.PayerAccountId, cancellationToken)
            .ConfigureAwait(false);
        if (buyer is null || !buyer.UsableBy(query.MerchantId))
        {
            return Result<bool>.Fail(ResultCodes.AccountNotFound, string.Create(CultureInfo.InvariantCulture,
                $"{IdField(query)}: no payer {query.PayerAccountId}"));
        }

        if (query.Order is { } lookup)
        {
            var order = await orders.FindAsync(query.MerchantId, lookup.PrepayId, lookup.MerchantTradeNo,
                cancellationToken).ConfigureAwait(false);
            if (order is null)
            {
                return Result<bool>.Fail(ResultCodes.OrderNotFound, "order not found");
            }

            if (order.PayerId is null)
            {
                return Result<bool>.Fail(ResultCodes.InvalidOrderStatus,
                    $"order is {order.Status.WireName()}: only the payer of a paid order can be verified against it");
            }

            if (order.PayerId != Ids.PayerId(buyer.BuyerId, query.MerchantId))
            {
                return Result<bool>.Fail(ResultCodes.AccountNotFound, string.Create(CultureInfo.InvariantCulture,
                    $"{IdField(query)}: {query.PayerAccountId} is not the payer of this order"));
            }
        }

        if (buyer.Kyc.Incomplete)
        {
            return Result<bool>.Fail(ResultCodes.PayerKycIncomplete, "the payer has not completed KYC");
        }

        return Result<bool>.Ok(query.Information.All(item => Matches(buyer.Kyc, item.Category, item.Value)));
    }

    /// <summary>Sandbox buyers are individuals with no document or company on file: those items never match.
    /// Names compare ignoring case and surrounding spaces; dates and countries exactly.</summary>
    private static bool Matches(BuyerKyc kyc, string category, string value) => category switch
    {
        "FIRST_NAME" => SameName(kyc.FirstName, value),
        "LAST_NAME" => SameName(kyc.LastName, value),
        "DATE_OF_BIRTH" => kyc.DateOfBirth == value,
        "NATIONALITY" => kyc.Nationality == value,
        _ => false,
    };

    private static bool SameName(string? known, string given) =>
        known is not null && string.Equals(known.Trim(), given.Trim(), StringComparison.OrdinalIgnoreCase);

    private static Failure? CheckItems(PayerVerificationQuery query)
    {
        var allowed = query.PayerType == Corporate ? CorporateCategories : IndividualCategories;
        for (var i = 0; i < query.Information.Count; i++)
        {
            var (category, value) = query.Information[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"information[{i}]");
            if (!allowed.Contains(category, StringComparer.Ordinal))
            {
                return new Failure(ResultCodes.InvalidParamWrongValue,
                    $"{field}.category: {category} is not a category of payerType {query.PayerType}");
            }

            var wellFormed = category switch
            {
                "DATE_OF_BIRTH" => IsDate(value),
                "NATIONALITY" or "REGISTRATION_COUNTRY" => Countries.IsCode(value),
                "DOCUMENT_TYPE" => DocumentTypes.Contains(value, StringComparer.Ordinal),
                _ => true,
            };
            if (!wellFormed)
            {
                return new Failure(ResultCodes.InvalidParamWrongValue, $"{field}.value: not a valid {category}");
            }
        }

        return null;
    }

    /// <summary>A calendar date written <c>YYYY-MM-DD</c>.</summary>
    public static bool IsDate(string value) => value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd",
        CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string IdField(PayerVerificationQuery query) =>
        query.IdKind == ReceiverKind.PayId ? "accountId" : "binanceId";
}

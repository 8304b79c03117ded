namespace Citrine.Application.Partners;

/// <summary>
/// Which scope a delegated call needs (docs/compatibility.md#technical-service-providers), from the documents' list:
/// CONVERT the convert calls, REFUND the refund calls, CHECKOUT the order calls except refund, PAYOUT the payout
/// calls, REPORT the report calls, INTERNAL_TRANSFER transfer fund, BALANCE the wallet balance. Any other path is not
/// delegable: a provider calls it only for itself.
/// </summary>
public static class TspScopes
{
    private const string Api = "/binancepay/openapi/";

    private static readonly Dictionary<string, string> ByPath = new(StringComparer.Ordinal)
    {
        [Api + "order"] = "CHECKOUT",
        [Api + "v2/order"] = "CHECKOUT",
        [Api + "v3/order"] = "CHECKOUT",
        [Api + "order/query"] = "CHECKOUT",
        [Api + "v2/order/query"] = "CHECKOUT",
        [Api + "order/close"] = "CHECKOUT",
        [Api + "order/refund"] = "REFUND",
        [Api + "order/refund/query"] = "REFUND",
        [Api + "otc-portal/get-to-selector"] = "CONVERT",
        [Api + "otc-portal/get-quote"] = "CONVERT",
        [Api + "otc-portal/execute-quote"] = "CONVERT",
        [Api + "otc-portal/query-trade-order"] = "CONVERT",
        [Api + "payout/transfer"] = "PAYOUT",
        [Api + "payout/query"] = "PAYOUT",
        [Api + "payout/receiver/check"] = "PAYOUT",
        [Api + "report/get-file"] = "REPORT",
        [Api + "balance-report"] = "REPORT",
        [Api + "balance-report/query"] = "REPORT",
        [Api + "wallet/transfer"] = "INTERNAL_TRANSFER",
        [Api + "wallet/transfer/query"] = "INTERNAL_TRANSFER",
        [Api + "balance"] = "BALANCE",
        [Api + "v2/balance"] = "BALANCE",
    };

    /// <summary>The scope a delegated call of <paramref name="path"/> needs; null when the path is not delegable.</summary>
    public static string? Of(string path) => ByPath.GetValueOrDefault(path.TrimEnd('/'));
}

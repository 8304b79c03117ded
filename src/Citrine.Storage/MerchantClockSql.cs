namespace Citrine.Storage;

/// <summary>
/// Per-merchant sandbox time in SQL (docs/architecture.md#sandbox-clock): a background loop passes the server-wide
/// now as <c>@now</c>, and each row is judged against <c>@now</c> plus its merchant's own offset as the database holds
/// it, so every node agrees without waiting for its cached copy, and one merchant's advance moves only its own rows.
/// </summary>
internal static class MerchantClockSql
{
    /// <summary>
    /// <paramref name="deadline"/> has come by the clock of the merchant in <paramref name="merchantColumn"/>. The
    /// first bound (the largest offset of any merchant) does not depend on the row, so the deadline's index still
    /// narrows the scan; the second is the exact per-merchant test.
    /// </summary>
    public static string Reached(string deadline, string merchantColumn) =>
        $"""
        ({deadline} <= @now + (SELECT COALESCE(MAX(mco.offset_ms), 0) FROM sandbox_merchant_clock mco)
          AND {deadline} <= @now + COALESCE(
            (SELECT mc.offset_ms FROM sandbox_merchant_clock mc WHERE mc.merchant_id = {merchantColumn}), 0))
        """;
}

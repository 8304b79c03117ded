using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Reports;

/// <summary>The names of the report calls (docs/api-reference.md#reports).</summary>
public static class ReportNames
{
    public const string Transaction = "Transaction";
    public const string Settlement = "Settlement";
    public const string Payment = "Payment";
    public const string Payout = "Payout";
    public const string Refund = "Refund";
    public const string Balance = "Balance";

    /// <summary>The date form of report/get-file (<c>dd/MM/yyyy</c>).</summary>
    public const string FileDateFormat = "dd/MM/yyyy";

    /// <summary>The date form of balance-report (<c>yyyy-MM-dd</c>).</summary>
    public const string BalanceDateFormat = "yyyy-MM-dd";

    /// <summary>The webhook's bizType of a built balance report.</summary>
    public const string BizTypeBalance = "BALANCE";

    /// <summary>The webhook's <c>data.downloadType</c>.</summary>
    public const string DownloadType = "merchant_balance_download_task";

    /// <summary>The sentence balance-report answers in <c>data</c>, ending with the task id.</summary>
    public const string SubmittedSentence = "Your request has been submitted successfully. Your task ID: ";

    /// <summary>The documented cap of balance reports per merchant and month.</summary>
    public const int BalanceReportsPerMonth = 50;

    public static IReadOnlyList<string> ReportTypes { get; } = [Transaction, Settlement];

    public static IReadOnlyList<string> TransactionTypes { get; } = [Payment, Payout];

    public static IReadOnlyList<string> BalanceReportTypes { get; } = [Balance];

    /// <summary>The statuses of a balance report job.</summary>
    public static IReadOnlyList<string> JobStatuses { get; } = ["PROCESSING", "SUCCESS", "FAILED", "EXPIRED"];
}

/// <summary>Download report (<c>POST /binancepay/openapi/report/get-file</c>): one file per day with activity in
/// [<c>startDate</c>, <c>endDate</c>] (<c>dd/MM/yyyy</c>, at most three months).</summary>
public sealed record ReportFileRequest
{
    /// <summary><see cref="ReportNames.Transaction"/> or <see cref="ReportNames.Settlement"/> (case-sensitive).</summary>
    [JsonPropertyName("reportType")] public required string ReportType { get; init; }

    /// <summary><see cref="ReportNames.Payment"/> or <see cref="ReportNames.Payout"/>; required for a Transaction
    /// report, null or empty for a Settlement report.</summary>
    [JsonPropertyName("transactionType")] public string? TransactionType { get; init; }

    [JsonPropertyName("startDate")] public required string StartDate { get; init; }
    [JsonPropertyName("endDate")] public required string EndDate { get; init; }
}

/// <summary>One file of a report: a day and its signed, expiring download link.</summary>
public sealed record ReportFileResult
{
    [JsonPropertyName("reportType")] public required string ReportType { get; init; }
    [JsonPropertyName("transactionType")] public string? TransactionType { get; init; }

    /// <summary>The day, <c>dd/MM/yyyy</c>.</summary>
    [JsonPropertyName("transactionDate")] public required string TransactionDate { get; init; }

    /// <summary>For example <c>T_Payout_15082023.xlsx</c>.</summary>
    [JsonPropertyName("fileName")] public required string FileName { get; init; }

    [JsonPropertyName("downloadUrl")] public required string DownloadUrl { get; init; }
}

/// <summary>Download balance report (<c>POST /binancepay/openapi/balance-report</c>): an asynchronous job whose id
/// comes back inside a sentence (<see cref="ReportNames.SubmittedSentence"/>).</summary>
public sealed record BalanceReportRequest
{
    /// <summary>Always <see cref="ReportNames.Balance"/>.</summary>
    [JsonPropertyName("reportType")] public required string ReportType { get; init; }

    /// <summary>FUNDING_WALLET or SPOT_WALLET; both when absent.</summary>
    [JsonPropertyName("walletType")] public string? WalletType { get; init; }

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    [JsonPropertyName("startDate")] public required string StartDate { get; init; }

    /// <summary><c>yyyy-MM-dd</c>, before today on the merchant's clock, at most three months after startDate.</summary>
    [JsonPropertyName("endDate")] public required string EndDate { get; init; }
}

/// <summary>Query balance report (<c>POST /binancepay/openapi/balance-report/query</c>).</summary>
public sealed record BalanceReportQueryRequest
{
    [JsonPropertyName("downloadId")] public required string DownloadId { get; init; }
}

/// <summary>A balance report job as the query answers it; an id that is not the caller's reads as
/// <c>exist: false</c>.</summary>
public sealed record BalanceReportQueryResult
{
    [JsonPropertyName("exist")] public bool Exist { get; init; }

    /// <summary>The signed link once SUCCESS; empty otherwise.</summary>
    [JsonPropertyName("downloadUrl")] public string DownloadUrl { get; init; } = "";

    /// <summary>One of <see cref="ReportNames.JobStatuses"/>; absent when the job does not exist.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
}

/// <summary>The <c>data</c> of a <c>BALANCE</c> webhook (a JSON string in the envelope).</summary>
public sealed record BalanceReportNotificationData
{
    [JsonPropertyName("downloadType")] public required string DownloadType { get; init; }
    [JsonPropertyName("downloadId")][JsonConverter(typeof(FlexibleLongConverter))] public long DownloadId { get; init; }

    /// <summary>The merchant's id (the spot user id of Binance's sample).</summary>
    [JsonPropertyName("userId")][JsonConverter(typeof(FlexibleLongConverter))] public long UserId { get; init; }

    /// <summary>2: built (the number of Binance's sample).</summary>
    [JsonPropertyName("status")] public int Status { get; init; }

    [JsonPropertyName("downloadLink")] public required string DownloadLink { get; init; }

    /// <summary>When the link lapses, in ms on the merchant's sandbox clock.</summary>
    [JsonPropertyName("expirationTimestamp")] public long ExpirationTimestamp { get; init; }

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c> (UTC) of the request.</summary>
    [JsonPropertyName("createTime")] public required string CreateTime { get; init; }
}

namespace Citrine.Server.Tests.Catalog;

/// <summary>One row of a seed page's "Result Code" table, as printed.</summary>
public sealed record SeedCode(string Code, string Name, string Reason);

/// <summary>
/// The result-code tables of the four seed pages, copied by hand from the seed files (docs/api-reference.md#seed-pages)
/// (the files are not read at test time: CI has them outside the repository). Names and reasons are as printed, typos
/// included.
/// </summary>
public static class SeedPages
{
    /// <summary>seeds/000_01cd2e75340b2228.txt, Close Order, <c>POST /binancepay/openapi/order/close</c>.</summary>
    public static IReadOnlyList<SeedCode> CloseOrder { get; } =
    [
        Common.Unknown, Common.InvalidRequest, Common.InvalidSignature, Common.InvalidTimestamp, Common.InvalidApiKey,
        Common.BadApiKeyFmt, Common.BadHttpMethod, Common.MediaType, Common.InvalidBody, Common.Mandatory,
        Common.WrongLength, Common.WrongValue, Common.IllegalChar, Common.TooLarge,
        new("400202", "ORDER_NOT_FOUND", "Order not found."),
        new("400204", "INVALID_ORDER_STATUS",
            "The Order is not applicable to close as it was paid or has any payment activity on the way."),
    ];

    /// <summary>seeds/001_215e14ad988f98d3.txt, Create Order (v1, older revision), <c>POST /binancepay/openapi/order</c>.
    /// This page spells 400000 <c>UNKNOW_ERROR</c> and words the key reasons "Api key …"
    /// (docs/api-reference.md#result-codes).</summary>
    public static IReadOnlyList<SeedCode> CreateOrderV1 { get; } =
    [
        new("400000", "UNKNOW_ERROR", "An unknown error occurred while processing the request."),
        Common.InvalidRequest, Common.InvalidSignature, Common.InvalidTimestamp,
        new("400004", "INVALID_API_KEY_OR_IP", "Api key not found or invalid."),
        new("400005", "BAD_API_KEY_FMT", "Api key format invalid."),
        Common.Mandatory, Common.WrongLength, Common.WrongValue, Common.IllegalChar, Common.TooLarge,
        new("400201", "INVALID_MERCHANT_TRADE_NO", "merchantTradeNo is invalid or duplicated"),
        new("400202", "ORDER_NOT_FOUND", "Order not found."),
        new("400203", "INVALID_ACCOUNT_STATUS", "Not support for this account, please check account status."),
    ];

    /// <summary>seeds/002_06bbc9ae74e14460.txt, Create Order V2, <c>POST /binancepay/openapi/v2/order</c>.</summary>
    public static IReadOnlyList<SeedCode> CreateOrderV2 { get; } =
    [
        Common.Unknown, Common.InvalidRequest, Common.InvalidSignature, Common.InvalidTimestamp, Common.InvalidApiKey,
        Common.BadApiKeyFmt, Common.BadHttpMethod, Common.MediaType, Common.InvalidBody, Common.Mandatory,
        Common.WrongLength, Common.WrongValue, Common.IllegalChar, Common.TooLarge,
        new("400201", "INVALID_MERCHANT_TRADE_NO", "merchantTradeNo is invalid or duplicated"),
        new("400203", "INVALID_ACCOUNT_STATUS", "Not support for this account, please check account status."),
        new("400206", "SUB_MERCHANT_INVALID", "The sub merchant does not exist or is in an unavailable state."),
    ];

    /// <summary>seeds/003_96bf499ef011474b.txt, Direct Debit Terminate Contract,
    /// <c>POST /binancepay/openapi/direct-debit/contract/termination</c> (endpoint comes with a later issue).</summary>
    public static IReadOnlyList<SeedCode> TerminateContract { get; } =
    [
        Common.Unknown, Common.InvalidRequest, Common.InvalidSignature, Common.InvalidTimestamp, Common.InvalidApiKey,
        Common.BadApiKeyFmt, Common.BadHttpMethod, Common.MediaType, Common.InvalidBody, Common.Mandatory,
        Common.WrongLength, Common.WrongValue, Common.IllegalChar,
        new("400702", "PAYMENT_INVALID_PARAM", "Invalid request parameter"),
        new("400606", "MERCHANT_ACCESS_FORBIDDEN", "Account has no accessibility to this function"),
        new("406207", "PAYMENT_DIRECT_DEBIT_CONTRACT_NOT_FOUND", "Contract not found"),
        new("406212", "PAYMENT_DIRECT_DEBIT_CONTRACT_NOT_SIGNED", "The contract has not been signed"),
    ];

    /// <summary>Every seed page, by file.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<SeedCode>> All { get; } =
        new Dictionary<string, IReadOnlyList<SeedCode>>(StringComparer.Ordinal)
        {
            ["000_01cd2e75340b2228.txt"] = CloseOrder,
            ["001_215e14ad988f98d3.txt"] = CreateOrderV1,
            ["002_06bbc9ae74e14460.txt"] = CreateOrderV2,
            ["003_96bf499ef011474b.txt"] = TerminateContract,
        };

    /// <summary>Rows printed identically on seeds 000, 002 and 003.</summary>
    private static class Common
    {
        public static readonly SeedCode Unknown = new("400000", "UNKNOWN_ERROR",
            "An unknown error occurred while processing the request.");
        public static readonly SeedCode InvalidRequest = new("400001", "INVALID_REQUEST",
            "Parameter format is wrong or parameter transferring doesn't follow the rules.");
        public static readonly SeedCode InvalidSignature = new("400002", "INVALID_SIGNATURE",
            "Incorrect signature result");
        public static readonly SeedCode InvalidTimestamp = new("400003", "INVALID_TIMESTAMP",
            "Timestamp for this request is outside of the time window.");
        public static readonly SeedCode InvalidApiKey = new("400004", "INVALID_API_KEY_OR_IP",
            "API identity key not found or invalid.");
        public static readonly SeedCode BadApiKeyFmt = new("400005", "BAD_API_KEY_FMT",
            "API identity key format invalid.");
        public static readonly SeedCode BadHttpMethod = new("400006", "BAD_HTTP_METHOD",
            "Request method not supported.");
        public static readonly SeedCode MediaType = new("400007", "MEDIA_TYPE_NOT_SUPPORTED",
            "Media type not supported.");
        public static readonly SeedCode InvalidBody = new("400008", "INVALID_REQUEST_BODY",
            "Request body is not a valid json object.");
        public static readonly SeedCode Mandatory = new("400100", "MANDATORY_PARAM_EMPTY_OR_MALFORMED",
            "A parameter was missing/empty/null, or malformed.");
        public static readonly SeedCode WrongLength = new("400101", "INVALID_PARAM_WRONG_LENGTH",
            "A parameter was not valid, was empty/null, or too long/short, or wrong format.");
        public static readonly SeedCode WrongValue = new("400102", "INVALID_PARAM_WRONG_VALUE",
            "A parameter was not valid, the value is out of range.");
        public static readonly SeedCode IllegalChar = new("400103", "INVALID_PARAM_ILLEGAL_CHAR",
            "A parameter was not valid, contains illegal characters");
        public static readonly SeedCode TooLarge = new("400104", "INVALID_REQUEST_TOO_LARGE",
            "Invalid request, content length too large");
    }
}

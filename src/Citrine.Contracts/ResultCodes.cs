namespace Citrine.Contracts;

/// <summary>
/// The one catalog of result codes. Codes, names and reasons are copied from the seed pages
/// (docs/api-reference.md#seed-pages) and docs/api-reference.md#result-codes; HTTP statuses follow
/// docs/decisions.md#http-status. No other file may hold a six-digit result-code literal (a test checks this).
/// </summary>
public static class ResultCodes
{
    public static readonly ResultCode Success = new("000000", "SUCCESS", 200, "Success");
    /// <summary>The second success shape: a replayed Transfer Fund answers its stored result under
    /// <c>"status":"REPEAT_REQ_SUCCESS"</c> (docs/compatibility.md#wallets).</summary>
    public static readonly ResultCode RepeatRequestSuccess = new("000001", "REPEAT_REQ_SUCCESS", 200,
        "Repeated request, the original result is returned.");
    public static readonly ResultCode UnknownError = new("400000", "UNKNOWN_ERROR", 500,
        "An unknown error occurred while processing the request.");
    public static readonly ResultCode InvalidRequest = new("400001", "INVALID_REQUEST", 400,
        "Parameter format is wrong or parameter transferring doesn't follow the rules.");
    public static readonly ResultCode InvalidSignature = new("400002", "INVALID_SIGNATURE", 400,
        "Incorrect signature result");
    public static readonly ResultCode InvalidTimestamp = new("400003", "INVALID_TIMESTAMP", 400,
        "Timestamp for this request is outside of the time window.");
    public static readonly ResultCode InvalidApiKeyOrIp = new("400004", "INVALID_API_KEY_OR_IP", 400,
        "API identity key not found or invalid.");
    public static readonly ResultCode BadApiKeyFmt = new("400005", "BAD_API_KEY_FMT", 400,
        "API identity key format invalid.");
    public static readonly ResultCode BadHttpMethod = new("400006", "BAD_HTTP_METHOD", 405,
        "Request method not supported.");
    public static readonly ResultCode MediaTypeNotSupported = new("400007", "MEDIA_TYPE_NOT_SUPPORTED", 415,
        "Media type not supported.");
    public static readonly ResultCode InvalidRequestBody = new("400008", "INVALID_REQUEST_BODY", 400,
        "Request body is not a valid json object.");
    public static readonly ResultCode MandatoryParamEmptyOrMalformed = new("400100",
        "MANDATORY_PARAM_EMPTY_OR_MALFORMED", 400, "A parameter was missing/empty/null, or malformed.");
    public static readonly ResultCode InvalidParamWrongLength = new("400101", "INVALID_PARAM_WRONG_LENGTH", 400,
        "A parameter was not valid, was empty/null, or too long/short, or wrong format.");
    public static readonly ResultCode InvalidParamWrongValue = new("400102", "INVALID_PARAM_WRONG_VALUE", 400,
        "A parameter was not valid, the value is out of range.");
    public static readonly ResultCode InvalidParamIllegalChar = new("400103", "INVALID_PARAM_ILLEGAL_CHAR", 400,
        "A parameter was not valid, contains illegal characters");
    public static readonly ResultCode InvalidRequestTooLarge = new("400104", "INVALID_REQUEST_TOO_LARGE", 413,
        "Invalid request, content length too large");
    public static readonly ResultCode InvalidMerchantTradeNo = new("400201", "INVALID_MERCHANT_TRADE_NO", 400,
        "merchantTradeNo is invalid or duplicated");
    public static readonly ResultCode OrderNotFound = new("400202", "ORDER_NOT_FOUND", 400, "Order not found.");
    public static readonly ResultCode InvalidAccountStatus = new("400203", "INVALID_ACCOUNT_STATUS", 400,
        "Not support for this account, please check account status.");
    public static readonly ResultCode InvalidOrderStatus = new("400204", "INVALID_ORDER_STATUS", 400,
        "The Order is not applicable to close as it was paid or has any payment activity on the way.");
    public static readonly ResultCode SubMerchantExists = new("400205", "SUB_MERCHANT_EXISTS", 400,
        "The sub merchant already exists.");
    public static readonly ResultCode SubMerchantInvalid = new("400206", "SUB_MERCHANT_INVALID", 400,
        "The sub merchant does not exist or is in an unavailable state.");
    /// <summary>Profit sharing: submit-split or return on an order that is unknown, not PAID or not created with
    /// <c>orderTags.ifProfitSharing</c> (docs/compatibility.md#profit-sharing; the one code the split pages
    /// print).</summary>
    public static readonly ResultCode SplitOrderInvalid = new("400209", "ORDER_NOT_FOUND_OR_NOT_SUCCESS", 400,
        "order not found or order status is not success");
    public static readonly ResultCode InvalidPrepayId = new("400301", "INVALID_PREPAY_ID", 400, "Invalid prepayId");
    public static readonly ResultCode TooManyRefundAttempts = new("400302", "TOO_MANY_REFUND_ATTEMPTS", 400,
        "Refund attempts more than 10 times");
    public static readonly ResultCode InvalidRefundAmount = new("400303", "INVALID_REFUND_AMOUNT", 400,
        "Refund amount is greater than remaining amount");
    public static readonly ResultCode AccountRemainingAmountNotEnough = new("400304",
        "ACCOUNT_REMAINING_AMOUNT_NOT_ENOUGH", 400, "Merchant balance is insufficient for the refund.");
    /// <summary>Payer verification: no payer with this Binance ID or Pay ID the caller may verify (the one code the
    /// page prints, docs/api-reference.md#payer-verification).</summary>
    public static readonly ResultCode AccountNotFound = new("400601", "ACCOUNT_NOT_FOUND", 400, "account not found");
    public static readonly ResultCode MerchantAccessForbidden = new("400606", "MERCHANT_ACCESS_FORBIDDEN", 400,
        "Account has no accessibility to this function");
    public static readonly ResultCode PaymentInvalidParam = new("400702", "PAYMENT_INVALID_PARAM", 400,
        "Invalid request parameter");
    /// <summary>Executing a convert quote after its validity (docs/api-reference.md#convert).</summary>
    public static readonly ResultCode ConvertQuoteTimeOut = new("345231", "TIME_OUT", 400, "Quote expired.");
    public static readonly ResultCode DirectDebitContractNotFound = new("406207",
        "PAYMENT_DIRECT_DEBIT_CONTRACT_NOT_FOUND", 400, "Contract not found");
    public static readonly ResultCode DirectDebitContractNotSigned = new("406212",
        "PAYMENT_DIRECT_DEBIT_CONTRACT_NOT_SIGNED", 400, "The contract has not been signed");

    /// <summary>Citrine-only sandbox code: the buyer's wallet cannot cover the payment (docs/compatibility.md).</summary>
    public static readonly ResultCode SandboxInsufficientBalance = new("409001", "SANDBOX_INSUFFICIENT_BALANCE", 400,
        "The sandbox buyer's wallet cannot cover this payment.");

    /// <summary>Citrine-only sandbox code: the buyer account does not exist.</summary>
    public static readonly ResultCode SandboxBuyerNotFound = new("409002", "SANDBOX_BUYER_NOT_FOUND", 400,
        "The sandbox buyer does not exist.");

    /// <summary>Citrine-only sandbox code: the order's sub-merchant blocks payers whose KYC nationality or country of
    /// residence is in its <c>blockPayerKycCountries</c> (docs/compatibility.md#sub-merchants).</summary>
    public static readonly ResultCode SandboxPayerCountryBlocked = new("409003", "SANDBOX_PAYER_COUNTRY_BLOCKED", 400,
        "The sub-merchant does not accept payers from this country.");

    /// <summary>Citrine-only code: payer verification of a buyer whose KYC is not completed (Binance's code for it is
    /// unknown, docs/compatibility.md#payer-verification).</summary>
    public static readonly ResultCode PayerKycIncomplete = new("409004", "PAYER_KYC_INCOMPLETE", 400,
        "The payer has not completed KYC.");

    /// <summary>Citrine-only sandbox code: the contract is not awaiting a signature (it is signed, terminated or
    /// expired).</summary>
    public static readonly ResultCode SandboxContractNotSignable = new("409201", "SANDBOX_CONTRACT_NOT_SIGNABLE", 400,
        "The contract is not awaiting a signature.");

    /// <summary>Citrine-only capacity code: the server refused the request unprocessed because it is saturated (its write
    /// queue is full, the API key's rate limit is spent, or the merchant has too many long polls open); nothing was
    /// written, so the same request may be sent again after <c>Retry-After</c> (docs/compatibility.md#backpressure).
    /// </summary>
    public static readonly ResultCode TooManyRequests = new("409901", "TOO_MANY_REQUESTS", 429,
        "Too many requests; nothing was processed, retry later.");

    /// <summary>Citrine-only capacity code: the database cannot be reached or kept failing transiently, and nothing was
    /// committed; the same request may be sent again after <c>Retry-After</c> (docs/compatibility.md#backpressure).
    /// </summary>
    public static readonly ResultCode ServiceUnavailable = new("409902", "SERVICE_UNAVAILABLE", 503,
        "The service is temporarily unavailable; nothing was processed, retry later.");

    /// <summary>Every code in the catalog, in code order.</summary>
    public static IReadOnlyList<ResultCode> All { get; } =
    [
        Success, RepeatRequestSuccess, ConvertQuoteTimeOut, UnknownError, InvalidRequest, InvalidSignature, InvalidTimestamp, InvalidApiKeyOrIp, BadApiKeyFmt,
        BadHttpMethod, MediaTypeNotSupported, InvalidRequestBody, MandatoryParamEmptyOrMalformed,
        InvalidParamWrongLength, InvalidParamWrongValue, InvalidParamIllegalChar, InvalidRequestTooLarge,
        InvalidMerchantTradeNo, OrderNotFound, InvalidAccountStatus, InvalidOrderStatus, SubMerchantExists,
        SubMerchantInvalid, SplitOrderInvalid, InvalidPrepayId, TooManyRefundAttempts, InvalidRefundAmount,
        AccountRemainingAmountNotEnough, AccountNotFound, MerchantAccessForbidden, PaymentInvalidParam,
        DirectDebitContractNotFound, DirectDebitContractNotSigned, SandboxInsufficientBalance, SandboxBuyerNotFound,
        SandboxPayerCountryBlocked, PayerKycIncomplete, SandboxContractNotSignable, TooManyRequests, ServiceUnavailable,
    ];

    private static readonly Dictionary<string, ResultCode> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Finds a code by its wire value; unknown codes (a newer Binance code) yield null.</summary>
    public static ResultCode? Find(string? code) =>
        code is not null && ByCode.TryGetValue(code, out var found) ? found : null;
}

using Citrine.Contracts;

namespace Citrine.Cli.Commands;

/// <summary>
/// Exit codes of the commands that talk to the merchant API, derived from the result code (docs/sdk-and-cli.md):
/// 0 success; 1 other failures (transport, unknown codes, usage); 2 authentication and access (400002–400005,
/// 400203, 400606); 3 validation (400001, 400006–400008, 4001xx, 400303, 400702); 4 not found (400202, 400206,
/// 400301, 400601, 406207); 5 state conflict (400201, 400204, 400205, 400302, 400304, 406212); 6 a signature doctor found
/// no match.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Other = 1;
    public const int Auth = 2;
    public const int Validation = 3;
    public const int NotFound = 4;
    public const int Conflict = 5;
    public const int SignatureMismatch = 6;

    private static readonly Dictionary<string, int> ByCode = new(StringComparer.Ordinal)
    {
        [ResultCodes.InvalidSignature.Code] = Auth,
        [ResultCodes.InvalidTimestamp.Code] = Auth,
        [ResultCodes.InvalidApiKeyOrIp.Code] = Auth,
        [ResultCodes.BadApiKeyFmt.Code] = Auth,
        [ResultCodes.InvalidAccountStatus.Code] = Auth,
        [ResultCodes.MerchantAccessForbidden.Code] = Auth,
        [ResultCodes.InvalidRequest.Code] = Validation,
        [ResultCodes.BadHttpMethod.Code] = Validation,
        [ResultCodes.MediaTypeNotSupported.Code] = Validation,
        [ResultCodes.InvalidRequestBody.Code] = Validation,
        [ResultCodes.MandatoryParamEmptyOrMalformed.Code] = Validation,
        [ResultCodes.InvalidParamWrongLength.Code] = Validation,
        [ResultCodes.InvalidParamWrongValue.Code] = Validation,
        [ResultCodes.InvalidParamIllegalChar.Code] = Validation,
        [ResultCodes.InvalidRequestTooLarge.Code] = Validation,
        [ResultCodes.InvalidRefundAmount.Code] = Validation,
        [ResultCodes.PaymentInvalidParam.Code] = Validation,
        [ResultCodes.OrderNotFound.Code] = NotFound,
        [ResultCodes.SubMerchantInvalid.Code] = NotFound,
        [ResultCodes.InvalidPrepayId.Code] = NotFound,
        [ResultCodes.DirectDebitContractNotFound.Code] = NotFound,
        [ResultCodes.AccountNotFound.Code] = NotFound,
        [ResultCodes.InvalidMerchantTradeNo.Code] = Conflict,
        [ResultCodes.InvalidOrderStatus.Code] = Conflict,
        [ResultCodes.SubMerchantExists.Code] = Conflict,
        [ResultCodes.TooManyRefundAttempts.Code] = Conflict,
        [ResultCodes.AccountRemainingAmountNotEnough.Code] = Conflict,
        [ResultCodes.DirectDebitContractNotSigned.Code] = Conflict,
    };

    /// <summary>The exit code for a result code the service answered.</summary>
    public static int For(string code) => ByCode.GetValueOrDefault(code, Other);
}

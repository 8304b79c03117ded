namespace Citrine.Client.Http;

/// <summary>The merchant API paths (docs/api-reference.md#orders to #sub-merchants), relative to the base
/// URI.</summary>
internal static class ApiPaths
{
    public const string CreateOrderV1 = "binancepay/openapi/order";
    public const string CreateOrderV2 = "binancepay/openapi/v2/order";
    public const string CreateOrderV3 = "binancepay/openapi/v3/order";
    public const string QueryOrderV1 = "binancepay/openapi/order/query";
    public const string QueryOrderV2 = "binancepay/openapi/v2/order/query";
    public const string CloseOrder = "binancepay/openapi/order/close";
    public const string Refund = "binancepay/openapi/order/refund";
    public const string RefundQuery = "binancepay/openapi/order/refund/query";
    public const string Certificates = "binancepay/openapi/certificates";
    public const string SubMerchantAdd = "binancepay/openapi/submerchant/add";
    public const string SubMerchantModify = "binancepay/openapi/submerchant/modify";
    public const string PayerVerification = "binancepay/openapi/order/payer/verification";
    public const string ContractCreate = "binancepay/openapi/direct-debit/contract";
    public const string ContractQuery = "binancepay/openapi/direct-debit/contract/query";
    public const string ContractTermination = "binancepay/openapi/direct-debit/contract/termination";
    public const string PayNotify = "binancepay/openapi/pay/notify";
    public const string PayApply = "binancepay/openapi/pay/apply";
    public const string BalanceV1 = "binancepay/openapi/balance";
    public const string BalanceV2 = "binancepay/openapi/v2/balance";
    public const string WalletTransfer = "binancepay/openapi/wallet/transfer";
    public const string WalletTransferQuery = "binancepay/openapi/wallet/transfer/query";
    public const string PayoutReceiverCheck = "binancepay/openapi/payout/receiver/check";
    public const string PayoutTransfer = "binancepay/openapi/payout/transfer";
    public const string PayoutQuery = "binancepay/openapi/payout/query";
    public const string ConvertSelector = "binancepay/openapi/otc-portal/get-to-selector";
    public const string ConvertQuote = "binancepay/openapi/otc-portal/get-quote";
    public const string ConvertExecute = "binancepay/openapi/otc-portal/execute-quote";
    public const string ConvertTradeQuery = "binancepay/openapi/otc-portal/query-trade-order";
    public const string ReportGetFile = "binancepay/openapi/report/get-file";
    public const string BalanceReport = "binancepay/openapi/balance-report";
    public const string BalanceReportQuery = "binancepay/openapi/balance-report/query";
    public const string SplitAddReceiver = "binancepay/openapi/profitsharing/v1/add-receiver";
    public const string SplitQueryReceiver = "binancepay/openapi/profitsharing/v1/query-receiver";
    public const string SplitDeleteReceiver = "binancepay/openapi/profitsharing/v1/del-receiver";
    public const string SplitSubmit = "binancepay/openapi/profitsharing/v1/submit-split";
    public const string SplitQuery = "binancepay/openapi/profitsharing/v1/query-split";
    public const string SplitReturn = "binancepay/openapi/profitsharing/v1/return";
    public const string ShareAccountId = "binancepay/openapi/shareinfo/accountId";
    public const string ProviderConfig = "binancepay/openapi/service/provider/config/query";
    public const string ProviderCreate = "binancepay/openapi/service/provider/create";
    public const string ProviderRecordGet = "binancepay/openapi/service/provider/record/get";
    public const string ProviderRecord = "binancepay/openapi/service/provider/record";
}

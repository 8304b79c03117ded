namespace Citrine.Client.Sandbox;

/// <summary>Citrine's sandbox paths, apart from the Binance paths on purpose.</summary>
internal static class SandboxPaths
{
    public const string PayOrder = "sandbox/orders/pay";
    public const string ExpireOrder = "sandbox/orders/expire";
    public const string Clock = "sandbox/clock";
    public const string AdvanceClock = "sandbox/clock/advance";
    public const string Reset = "sandbox/reset";
    public const string CreateBuyer = "sandbox/buyers";
    public const string ListBuyers = "sandbox/buyers/list";
    public const string BuyerKyc = "sandbox/buyers/kyc";
    public const string WebhookEvents = "sandbox/webhooks/events";
    public const string WebhookEvent = "sandbox/webhooks/event";
    public const string RedeliverWebhook = "sandbox/webhooks/redeliver";
    public const string SignContract = "sandbox/direct-debit/contracts/sign";
    public const string TerminateContract = "sandbox/direct-debit/contracts/terminate";
    public const string RejectNextRefund = "sandbox/refunds/reject-next";
    public const string ApproveShare = "sandbox/shareinfo/approve";
    public const string ScanMerchantQr = "sandbox/merchant-qr/scan";
    public const string ListRequests = "sandbox/requests/list";
    public const string ArmFault = "sandbox/faults/arm";
    public const string ListFaults = "sandbox/faults/list";
    public const string ClearFaults = "sandbox/faults/clear";
}

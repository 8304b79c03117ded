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
    public const string ArmFault = "sandbox/faults/arm";
    public const string ListFaults = "sandbox/faults/list";
    public const string ClearFaults = "sandbox/faults/clear";
}

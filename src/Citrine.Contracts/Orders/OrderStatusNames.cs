namespace Citrine.Contracts.Orders;

/// <summary>Order status names on the wire (docs/api-reference.md#query-order); the SDK keeps unknown values as
/// strings.</summary>
public static class OrderStatusNames
{
    public const string Initial = "INITIAL";
    public const string Pending = "PENDING";
    public const string Paid = "PAID";
    public const string Canceled = "CANCELED";
    public const string Error = "ERROR";
    public const string Refunding = "REFUNDING";
    public const string Refunded = "REFUNDED";
    public const string FullRefunded = "FULL_REFUNDED";
    public const string Expired = "EXPIRED";
}

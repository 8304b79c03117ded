using System.Globalization;
using Citrine.Application;

namespace Citrine.Cli.Commands.Bench;

/// <summary>What scenarios share: the signed client, the admin client (when there is a token), the merchant, the
/// seeded orders, and a run id that keeps trade numbers unique across runs against one database.</summary>
internal sealed class BenchContext(BenchHttp http, AdminClient? admin, long? merchantId, int connections)
{
    public BenchHttp Http { get; } = http;

    public AdminClient? Admin { get; } = admin;

    public long? MerchantId { get; set; } = merchantId;

    public int Connections { get; } = connections;

    /// <summary>True when the bench created the merchant itself (admin API), so it may change its settings.</summary>
    public bool MerchantCreated { get; init; }

    /// <summary>First prepayId and count of the orders <c>--seed</c> loaded (count 0 when none).</summary>
    public (long First, long Count) Seeded { get; set; }

    public string RunId { get; } = Ids.NewToken(6);

    private long _sequence;

    /// <summary>A fresh <c>merchantTradeNo</c> (letters and digits, at most 32).</summary>
    public string NextTradeNo() =>
        "b" + RunId + "n" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);

    public AdminClient RequireAdmin(string scenario) => Admin ?? throw new InvalidOperationException(
        $"{scenario}: needs the admin API to create sandbox buyers; pass --admin-token with --server");

    /// <summary>A sandbox buyer (admin API, as <c>citrine buyer create</c>) holding plenty of USDT.</summary>
    public async Task<long> NewBuyerAsync(string scenario, CancellationToken cancellationToken)
    {
        var buyer = await RequireAdmin(scenario).PostAsync("admin/buyers", new
        {
            name = "Bench buyer",
            funds = new Dictionary<string, string> { ["USDT"] = "100000000" },
        }, cancellationToken).ConfigureAwait(false);
        return buyer.GetProperty("buyerId").GetInt64();
    }

    /// <summary>A create-order v2 body; <paramref name="webhookUrl"/> overrides the merchant's.</summary>
    public static Dictionary<string, object?> OrderV2(string tradeNo, decimal amount, string? webhookUrl = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["env"] = new Dictionary<string, object?> { ["terminalType"] = "WEB" },
            ["merchantTradeNo"] = tradeNo,
            ["orderAmount"] = amount,
            ["currency"] = "USDT",
            ["goods"] = new Dictionary<string, object?>
            {
                ["goodsType"] = "01",
                ["goodsCategory"] = "D000",
                ["referenceGoodsId"] = "7876763A3B",
                ["goodsName"] = "Ice Cream",
                ["goodsDetail"] = "Greentea ice cream cone",
            },
        };
        if (webhookUrl is not null)
        {
            body["webhookUrl"] = webhookUrl;
        }

        return body;
    }

    /// <summary>Creates a v2 order and returns its prepayId; setup only, so a failure stops the run.</summary>
    public async Task<long> CreateOrderAsync(decimal amount, string? webhookUrl, CancellationToken cancellationToken)
    {
        var reply = await Http.PostAsync(BenchPaths.CreateV2, OrderV2(NextTradeNo(), amount, webhookUrl),
            cancellationToken).ConfigureAwait(false);
        return PrepayIdOf(Require(reply, "create order"));
    }

    public static BenchReply Require(BenchReply reply, string what) => reply.IsSuccess
        ? reply
        : throw new InvalidOperationException($"setup: {what} answered {reply}");

    public static long PrepayIdOf(BenchReply reply) => long.Parse(
        reply.Data().GetProperty("prepayId").ToString(), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> for 0 … count − 1 on <see cref="Connections"/> parallel lanes.</summary>
    public async Task ParallelAsync(int count, Func<int, CancellationToken, Task> work,
        CancellationToken cancellationToken) =>
        await Parallel.ForAsync(0, count, new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Connections),
            CancellationToken = cancellationToken,
        }, async (i, ct) => await work(i, ct).ConfigureAwait(false)).ConfigureAwait(false);

}

/// <summary>The paths the scenarios call (docs/sandbox.md for the sandbox ones).</summary>
internal static class BenchPaths
{
    public const string CreateV1 = "binancepay/openapi/order";
    public const string CreateV2 = "binancepay/openapi/v2/order";
    public const string CreateV3 = "binancepay/openapi/v3/order";
    public const string QueryV2 = "binancepay/openapi/v2/order/query";
    public const string Close = "binancepay/openapi/order/close";
    public const string Refund = "binancepay/openapi/order/refund";
    public const string ContractCreate = "binancepay/openapi/direct-debit/contract";
    public const string PayApply = "binancepay/openapi/pay/apply";
    public const string SandboxPay = "sandbox/orders/pay";
    public const string SandboxSignContract = "sandbox/direct-debit/contracts/sign";
}

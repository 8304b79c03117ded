using System.Globalization;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// Create Order v2 then <c>/sandbox/orders/pay</c> (docs/sandbox.md), signed as the merchant; one operation is the
/// pair. Each worker pays as its own funded sandbox buyer, so workers do not all queue on one wallet row.
/// </summary>
internal sealed class PayScenario : Scenario
{
    private long[] _buyers = [];

    public override string Name => "pay";

    public override string? Note => "operation = create-v2 + sandbox pay; one buyer per connection";

    public override async Task SetupAsync(BenchContext context, CancellationToken cancellationToken) =>
        _buyers = await Buyers.CreateAsync(context, Name, cancellationToken).ConfigureAwait(false);

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        var created = log.Add(await context.Http.PostAsync(BenchPaths.CreateV2,
            BenchContext.OrderV2(context.NextTradeNo(), 1m), cancellationToken).ConfigureAwait(false));
        if (!created.IsSuccess)
        {
            return true;
        }

        log.Add(await context.Http.PostAsync(BenchPaths.SandboxPay,
            new { prepayId = BenchContext.PrepayIdOf(created), buyerId = _buyers[worker] }, cancellationToken)
            .ConfigureAwait(false));
        return true;
    }
}

/// <summary>
/// Refund Order against orders paid in setup: each worker owns <see cref="OrdersPerWorker"/> orders of 1 USDT and
/// refunds 0.1 USDT at a time, ten times each (the documented limit of refunds per order). A worker whose orders
/// are used up stops; the report's note says so.
/// </summary>
internal sealed class RefundScenario : Scenario
{
    public const int OrdersPerWorker = 32;

    private long[][] _orders = [];
    private int[] _next = [];
    private int _exhausted;

    public override string Name => "refund";

    public override string? Note => _exhausted > 0
        ? $"0.1 of a paid 1 USDT order, 10 per order; {_exhausted} worker(s) used up their {OrdersPerWorker} orders"
        : $"0.1 of a paid 1 USDT order, 10 per order, {OrdersPerWorker} orders per connection";

    public override async Task SetupAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var buyers = await Buyers.CreateAsync(context, Name, cancellationToken).ConfigureAwait(false);
        var workers = context.Connections;
        _orders = new long[workers][];
        _next = new int[workers];
        for (var w = 0; w < workers; w++)
        {
            _orders[w] = new long[OrdersPerWorker];
        }

        await context.ParallelAsync(workers * OrdersPerWorker, async (i, ct) =>
        {
            var (w, k) = (i % workers, i / workers);
            var prepayId = await context.CreateOrderAsync(1m, null, ct).ConfigureAwait(false);
            BenchContext.Require(await context.Http.PostAsync(BenchPaths.SandboxPay,
                new { prepayId, buyerId = buyers[w] }, ct).ConfigureAwait(false), "sandbox pay");
            _orders[w][k] = prepayId;
        }, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        var n = _next[worker]++;
        if (n >= OrdersPerWorker * 10)
        {
            Interlocked.Increment(ref _exhausted);
            return false;
        }

        log.Add(await context.Http.PostAsync(BenchPaths.Refund, new
        {
            refundRequestId = context.NextTradeNo(),
            prepayId = _orders[worker][n % OrdersPerWorker].ToString(CultureInfo.InvariantCulture),
            refundAmount = 0.1m,
        }, cancellationToken).ConfigureAwait(false));
        return true;
    }
}

/// <summary>
/// Direct-debit Payment (<c>pay/apply</c>) of 0.01 USDT against a one-off contract that a sandbox buyer signed
/// (<c>/sandbox/direct-debit/contracts/sign</c>); one contract and buyer per connection. A merchant the bench
/// creates gets direct debit enabled through the admin API; one given by --api-key must already have it.
/// </summary>
internal sealed class PayApplyScenario : Scenario
{
    private long[] _contracts = [];

    public override string Name => "pay-apply";

    public override string? Note => "0.01 USDT per debit; one signed contract and buyer per connection";

    public override async Task SetupAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.MerchantCreated && context.MerchantId is { } merchantId)
        {
            await context.RequireAdmin(Name).PostAsync(
                "admin/merchants/" + merchantId.ToString(CultureInfo.InvariantCulture),
                new { directDebitEnabled = true }, cancellationToken).ConfigureAwait(false);
        }

        var buyers = await Buyers.CreateAsync(context, Name, cancellationToken).ConfigureAwait(false);
        var contracts = new long[context.Connections];
        await context.ParallelAsync(contracts.Length, async (w, ct) =>
        {
            var code = "c" + context.NextTradeNo();
            BenchContext.Require(await context.Http.PostAsync(BenchPaths.ContractCreate, new
            {
                merchantContractCode = code,
                serviceName = "Bench plan",
                scenarioCode = "Membership",
                singleUpperLimit = 5m,
                currency = "USDT",
                periodic = false,
                merchantAccountNo = "bench@example.com",
            }, ct).ConfigureAwait(false), "create contract");
            var signed = BenchContext.Require(await context.Http.PostAsync(BenchPaths.SandboxSignContract,
                new { merchantContractCode = code, buyerId = buyers[w] }, ct).ConfigureAwait(false), "sign contract");
            contracts[w] = signed.Data().GetProperty("contractId").GetInt64();
        }, cancellationToken).ConfigureAwait(false);
        _contracts = contracts;
    }

    public override async Task<bool> StepAsync(BenchContext context, int worker, StepLog log,
        CancellationToken cancellationToken)
    {
        log.Add(await context.Http.PostAsync(BenchPaths.PayApply, new
        {
            merchantRequestId = context.NextTradeNo(),
            tradeMode = "DIRECT_DEBIT",
            bizId = _contracts[worker],
            amount = 0.01m,
            currency = "USDT",
            productName = "Bench plan",
            productType = "Subscription",
        }, cancellationToken).ConfigureAwait(false));
        return true;
    }
}

internal static class Buyers
{
    /// <summary>One funded sandbox buyer per connection.</summary>
    public static async Task<long[]> CreateAsync(BenchContext context, string scenario,
        CancellationToken cancellationToken)
    {
        context.RequireAdmin(scenario);
        var buyers = new long[context.Connections];
        await context.ParallelAsync(buyers.Length, async (w, ct) =>
            buyers[w] = await context.NewBuyerAsync(scenario, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        return buyers;
    }
}
